// Multistream in words: a platform's rules for an ingest URL, a destination's health, a typed error, and the
// one-line summary the health panel shows. Pure functions over i18next's `t`, so each is tested alone.
import type { TFunction } from 'i18next';
import {
  MULTISTREAM_MAX_DESTINATIONS,
  PLATFORMS,
  platformOf,
  type DestinationStatus,
  type MultistreamStatus,
  type PlatformId,
} from '../../../core/protocol/multistream';
import type { ProtocolError } from '../../../core/protocol/result';

export interface RuleLine {
  /** warn: something the host must act on (a forbidden simulcast, a wrong scheme); info: a limit to know. */
  tone: 'warn' | 'info';
  text: string;
}

export function platformName(t: TFunction, id: PlatformId): string {
  return PLATFORMS.find((p) => p.id === id)?.name ?? t('studio:multistream.platform.custom');
}

/** What the studio tells the host about the platform of `url` (recognised from its address). */
export function platformRules(t: TFunction, url: string): { platform: PlatformId; lines: RuleLine[] } {
  const platform = platformOf(url);
  const rules = PLATFORMS.find((p) => p.id === platform);
  if (!rules) return { platform, lines: [{ tone: 'info', text: t('studio:multistream.rules.custom') }] };
  const lines: RuleLine[] = [];
  if (rules.simulcast === 'forbidden') {
    lines.push({ tone: 'warn', text: t(`studio:multistream.rules.${rules.ruleKey}`, { name: rules.name }) });
  } else {
    lines.push({ tone: 'info', text: t(`studio:multistream.rules.${rules.ruleKey}`, { name: rules.name }) });
  }
  if (rules.rtmpsOnly) {
    const plain = /^rtmp:/i.test(url.trim());
    lines.push({
      tone: plain ? 'warn' : 'info',
      text: t(plain ? 'studio:multistream.rules.needsRtmps' : 'studio:multistream.rules.rtmpsOnly', {
        name: rules.name,
      }),
    });
  }
  if (rules.maxVideoKbps !== null) {
    lines.push({
      tone: 'info',
      text: t('studio:multistream.rules.maxKbps', { name: rules.name, kbps: rules.maxVideoKbps }),
    });
  }
  return { platform, lines };
}

/** h:mm:ss or m:ss. */
export function formatUptime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A destination's state in words, with why when it is reconnecting or in error. */
export function destinationState(t: TFunction, d: DestinationStatus): string {
  const state = t(`studio:multistream.state.${d.state}`);
  if ((d.state === 'error' || d.state === 'reconnecting') && d.error) {
    return t('studio:multistream.stateWithReason', {
      state,
      reason: t(`studio:multistream.reason.${d.error}`),
    });
  }
  return state;
}

/** "Multistream: 2 of 3 live" (null when nothing was started). */
export function multistreamSummary(t: TFunction, status: MultistreamStatus | null): string | null {
  if (!status || status.destinations.length === 0) return null;
  const live = status.destinations.filter((d) => d.state === 'live').length;
  return t('studio:multistream.summary', { live, count: status.destinations.length });
}

/** A typed error from the host or the backend, in the studio's words. */
export function errorWords(t: TFunction, error: Pick<ProtocolError, 'code' | 'message' | 'issues'>): string {
  if (error.code === 'invalid_argument') {
    const field = error.issues?.[0]?.path.split('.').pop();
    if (field === 'url' || field === 'key' || field === 'name')
      return t(`studio:multistream.errors.${field}`);
    return t('studio:multistream.errors.invalid', { message: error.message });
  }
  if (error.code === 'capacity') {
    return t('studio:multistream.errors.capacity', { max: MULTISTREAM_MAX_DESTINATIONS });
  }
  if (error.code === 'unavailable' || error.code === 'timeout' || error.code === 'forbidden') {
    return t(`studio:multistream.errors.${error.code}`, { message: error.message });
  }
  return t('studio:multistream.errors.other', { message: error.message });
}
