// Multistream: the destinations the studio sends its stream to when it goes live, each with its platform
// (recognised from the URL) and that platform's rules in words, whether a key is set (never the key), and
// while live its health from the backend. Destinations are changed while not live: the stream's
// destinations are fixed when it starts (each control says so while live).
import { useId, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MULTISTREAM_MAX_DESTINATIONS,
  type Destination,
  type DestinationStatus,
} from '../../../core/protocol/multistream';
import { StudioError } from '../../../core/protocol/result';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { useStudioStore } from '../../stores/studio-store';
import { ActionError, RowReason } from '../room/action-feedback';
import { useStudioServices } from '../services/services-context';
import { DestinationForm } from './DestinationForm';
import { RuleLines } from './RuleLines';
import './multistream.css';
import {
  destinationState,
  errorWords,
  formatUptime,
  multistreamSummary,
  platformName,
  platformRules,
} from './multistream-words';

function Health({ s }: { s: DestinationStatus }) {
  const { t } = useTranslation('studio');
  return (
    <dl className="facts multistream-health" data-testid="multistream-health" data-state={s.state}>
      <dt>{t('multistream.health.state')}</dt>
      <dd data-testid="multistream-state">{destinationState(t, s)}</dd>
      <dt>{t('multistream.health.bitrate')}</dt>
      <dd>
        {s.bitrateKbps === null
          ? t('live.health.none')
          : t('live.health.kbps', { value: Math.round(s.bitrateKbps) })}
      </dd>
      <dt>{t('multistream.health.dropped')}</dt>
      <dd>{s.droppedFrames}</dd>
      <dt>{t('multistream.health.uptime')}</dt>
      <dd>{s.state === 'live' ? formatUptime(s.uptimeMs) : t('live.health.none')}</dd>
      {s.detail && (
        <>
          <dt>{t('multistream.health.detail')}</dt>
          <dd className="muted">{s.detail}</dd>
        </>
      )}
    </dl>
  );
}

function DestinationRow({
  d,
  status,
  lockReason,
  lockId,
  onEdit,
}: {
  d: Destination;
  status: DestinationStatus | undefined;
  lockReason: string | null;
  lockId: string;
  onEdit(): void;
}) {
  const { t } = useTranslation('studio');
  const { multistream } = useStudioServices();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rules = platformRules(t, d.url);
  const remove = () => {
    setBusy(true);
    setError(null);
    multistream.remove(d.id).catch((e: unknown) => {
      setError(e instanceof StudioError ? errorWords(t, e.toJSON()) : String(e));
      setBusy(false);
    });
  };
  return (
    <li className="multistream-destination" data-testid="multistream-destination" data-platform={d.platform}>
      <div className="multistream-head">
        <strong data-testid="multistream-destination-name">{d.name}</strong>{' '}
        <span className="badge">{platformName(t, d.platform)}</span>{' '}
        <span className="muted" data-testid="multistream-destination-on">
          {d.enabled ? t('multistream.on') : t('multistream.off')}
        </span>{' '}
        <span
          className={d.keySet ? 'muted' : 'multistream-rule-warn'}
          data-testid="multistream-destination-key"
          data-key-set={d.keySet}
        >
          {d.keySet ? t('multistream.keySet') : t('multistream.keyMissing')}
        </span>
      </div>
      <p className="muted multistream-url">{d.url}</p>
      <RuleLines lines={rules.lines} />
      {status && <Health s={status} />}
      <ActionError message={error} testId="multistream-remove-error" />
      {confirming ? (
        <p role="group" aria-label={t('multistream.removeConfirm', { name: d.name })}>
          <span>{t('multistream.removeConfirm', { name: d.name })}</span>{' '}
          <ReasonedButton
            reason={busy ? t('multistream.removing') : lockReason}
            reasonId={lockReason ? lockId : undefined}
            onClick={remove}
            testId="multistream-remove-yes"
          >
            {t('multistream.removeYes')}
          </ReasonedButton>{' '}
          <button type="button" onClick={() => setConfirming(false)} data-testid="multistream-remove-no">
            {t('multistream.form.cancel')}
          </button>
        </p>
      ) : (
        <p>
          <ReasonedButton reason={lockReason} reasonId={lockId} onClick={onEdit} testId="multistream-edit">
            {t('multistream.edit', { name: d.name })}
          </ReasonedButton>{' '}
          <ReasonedButton
            reason={lockReason}
            reasonId={lockId}
            onClick={() => setConfirming(true)}
            testId="multistream-remove"
          >
            {t('multistream.remove', { name: d.name })}
          </ReasonedButton>
        </p>
      )}
    </li>
  );
}

export function MultistreamPanel() {
  const { t } = useTranslation('studio');
  const { multistream } = useStudioServices();
  const snap = useSyncExternalStore(multistream.subscribe, multistream.snapshot);
  const phase = useStudioStore((s) => s.live.phase);
  const [editing, setEditing] = useState<Destination | 'new' | null>(null);
  const lockId = useId();
  const locked = phase === 'starting' || phase === 'live' || phase === 'ending';
  const lockReason = locked ? t('multistream.lockedWhileLive') : null;
  const list = snap.destinations;
  const full = (list?.length ?? 0) >= MULTISTREAM_MAX_DESTINATIONS;
  const addReason =
    lockReason ?? (full ? t('multistream.errors.capacity', { max: MULTISTREAM_MAX_DESTINATIONS }) : null);
  const summary = multistreamSummary(t, snap.status);
  const enabled = list?.filter((d) => d.enabled) ?? [];
  const tiktokAndOthers = enabled.some((d) => d.platform === 'tiktok') && enabled.length > 1;

  if (!list) {
    return snap.loadError ? (
      <div data-testid="multistream-panel">
        <ActionError message={errorWords(t, snap.loadError)} testId="multistream-load-error" />
        <button type="button" onClick={() => void multistream.load().catch(() => undefined)}>
          {t('multistream.reload')}
        </button>
      </div>
    ) : (
      <p className="muted" data-testid="multistream-panel">
        {t('multistream.loading')}
      </p>
    );
  }
  return (
    <div className="multistream-panel" data-testid="multistream-panel">
      <p className="muted">{t('multistream.intro')}</p>
      {summary && (
        <p role="status" data-testid="multistream-summary">
          {summary}
        </p>
      )}
      {snap.starting && <p role="status">{t('multistream.starting')}</p>}
      {snap.liveError && (
        <ActionError
          message={t('multistream.startFailed', { reason: errorWords(t, snap.liveError) })}
          testId="multistream-live-error"
        />
      )}
      {snap.liveError && phase === 'live' && (
        <button type="button" onClick={() => void multistream.goLive()} data-testid="multistream-retry">
          {t('multistream.retry')}
        </button>
      )}
      {tiktokAndOthers && (
        <p className="multistream-rule-warn" role="alert" data-testid="multistream-tiktok-conflict">
          {t('multistream.tiktokConflict')}
        </p>
      )}
      <RowReason id={lockId} reason={lockReason} testId="multistream-locked" />
      {list.length === 0 ? (
        <p className="muted" data-testid="multistream-empty">
          {t('multistream.empty')}
        </p>
      ) : (
        <ul className="multistream-list">
          {list.map((d) => (
            <DestinationRow
              key={d.id}
              d={d}
              status={snap.status?.destinations.find((s) => s.id === d.id)}
              lockReason={lockReason}
              lockId={lockId}
              onEdit={() => setEditing(d)}
            />
          ))}
        </ul>
      )}
      {editing && !locked ? (
        <DestinationForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : (
        <ReasonedButton reason={addReason} onClick={() => setEditing('new')} testId="multistream-add">
          {t('multistream.add')}
        </ReasonedButton>
      )}
    </div>
  );
}
