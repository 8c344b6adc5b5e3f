// The compliance guard's warnings over the studio, for the host only: a level-1 notice closes by itself after
// a few seconds, a level-2 warning stays until the host acknowledges it (its button, or Alt+A for the newest).
// Each shows the host's sentence with the flagged words marked, and per flag the rule's category, the
// markets, the citation and a suggested rephrase. Not a panel: hiding panels never hides a warning.
import { useEffect, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplianceFlag, ComplianceViolation } from '../../../core/protocol/compliance';
import { useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';
import { activeWarnings, NOTICE_MS } from './compliance-desk';
import './compliance.css';

const SHOWN_MAX = 3;

/** Flags of one rule on the same words are one line, with their markets together. */
export function groupFlags(flags: readonly ComplianceFlag[]): (ComplianceFlag & { markets: string[] })[] {
  const out = new Map<string, ComplianceFlag & { markets: string[] }>();
  for (const f of flags) {
    const key = `${f.rule}\n${f.words}`;
    const known = out.get(key);
    if (known) {
      if (!known.markets.includes(f.market)) known.markets.push(f.market);
    } else out.set(key, { ...f, markets: [f.market] });
  }
  return [...out.values()].sort((a, b) => b.severity - a.severity);
}

/** The sentence in parts, the flagged words marked (their first place in it). */
export function markedParts(text: string, words: readonly string[]): { text: string; marked: boolean }[] {
  const ranges: [number, number][] = [];
  for (const w of words) {
    const at = w ? text.indexOf(w) : -1;
    if (at >= 0) ranges.push([at, at + w.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: { text: string; marked: boolean }[] = [];
  let i = 0;
  for (const [s, e] of ranges) {
    if (e <= i) continue;
    const from = Math.max(s, i);
    if (from > i) parts.push({ text: text.slice(i, from), marked: false });
    parts.push({ text: text.slice(from, e), marked: true });
    i = e;
  }
  if (i < text.length) parts.push({ text: text.slice(i), marked: false });
  return parts;
}

function Warning({ v, onAck }: { v: ComplianceViolation; onAck(): void }) {
  const { t } = useTranslation('studio');
  const flags = groupFlags(v.flags);
  const label = t(`common:compliance.level${v.level}`);
  return (
    <article
      className={`cw cw-l${v.level}`}
      role={v.level === 2 ? 'alert' : 'status'}
      aria-label={`${label}: ${t(`common:compliance.source.${v.source}`)}`}
      data-testid="compliance-warning"
      data-level={v.level}
    >
      <header className="cw-head">
        <strong className="cw-level">{label}</strong>
        <span className="muted">{t(`compliance.warning.source.${v.source}`)}</span>
      </header>
      <p className="cw-text" data-testid="compliance-text">
        {markedParts(
          v.text,
          flags.map((f) => f.words),
        ).map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
      </p>
      <ul className="cw-flags">
        {flags.map((f) => (
          <li key={`${f.rule}:${f.words}`} data-testid="compliance-flag" data-category={f.category}>
            <strong>{t(`common:compliance.category.${f.category}`)}</strong>{' '}
            <q className="cw-words">{f.words}</q> <span className="muted">{f.markets.join(', ')}</span>
            <div className="cw-citation" data-testid="compliance-citation">
              {t('compliance.warning.citation', { citation: f.citation })}
            </div>
            <div className="cw-rephrase" data-testid="compliance-rephrase">
              {t('compliance.warning.rephrase', { rephrase: f.rephrase })}
            </div>
          </li>
        ))}
      </ul>
      <button
        type="button"
        onClick={onAck}
        data-testid="compliance-ack"
        title={t('compliance.warning.ackHint')}
      >
        {v.level === 2 ? t('compliance.warning.ack') : t('compliance.warning.close')}
      </button>
    </article>
  );
}

export function ComplianceWarnings() {
  const { t } = useTranslation('studio');
  const { compliance } = useStudioServices();
  const violations = useStudioStore((s) => s.room.violations);
  const [, tick] = useReducer((n: number) => n + 1, 0);
  const [error, setError] = useState<string | null>(null);
  const now = Date.now();
  const active = activeWarnings(violations, compliance.shownAt, compliance.dismissed, now);
  // Re-render when the next level-1 notice runs out.
  const nextExpiry = active
    .filter((v) => v.level === 1)
    .map((v) => (compliance.shownAt.get(v.id) ?? now) + NOTICE_MS - now)
    .reduce((a, b) => Math.min(a, b), Infinity);
  useEffect(() => {
    if (!Number.isFinite(nextExpiry)) return;
    const timer = setTimeout(tick, Math.max(50, nextExpiry + 20));
    return () => clearTimeout(timer);
  }, [nextExpiry, violations]);
  if (active.length === 0) return null;
  const ack = (id: string) => () => {
    setError(null);
    tick();
    compliance.acknowledge(id).catch((e: Error) => setError(e.message));
  };
  return (
    <section
      className="compliance-warnings"
      aria-label={t('compliance.warning.heading')}
      data-testid="compliance-warnings"
    >
      {error && (
        <p className="banner banner-error" role="alert" data-testid="compliance-ack-error">
          {t('compliance.warning.ackFailed', { message: error })}
        </p>
      )}
      {active.slice(0, SHOWN_MAX).map((v) => (
        <Warning key={v.id} v={v} onAck={ack(v.id)} />
      ))}
      {active.length > SHOWN_MAX && (
        <p className="muted" data-testid="compliance-more">
          {t('compliance.warning.more', { count: active.length - SHOWN_MAX })}
        </p>
      )}
    </section>
  );
}
