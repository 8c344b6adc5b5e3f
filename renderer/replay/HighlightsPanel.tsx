// The top moments (order peaks and comment bursts): a click seeks to the peak; "Export clip" asks the backend
// to cut the moment at key frames (no re-encoding), shows that it is busy, then a download link, or why not.
import { useTranslation } from 'react-i18next';
import type { ReplayDetail, ReplayHighlight } from '../../core/protocol/replay';
import { formatters } from '../shared/formatters';
import { ProblemNote } from '../shared/ProblemNote';
import { useReplay } from './replay-context';
import { clipKey, useReplayStore } from './replay-store';
import { clockLabel } from './timeline-data';

function ClipControl({ h, recorded }: { h: ReplayHighlight; recorded: boolean }) {
  const { t, i18n } = useTranslation('replay');
  const { service } = useReplay();
  const clip = useReplayStore((s) => s.clips[clipKey(h)]);
  const connection = useReplayStore((s) => s.connection);
  const reason = !recorded ? t('clip.noRecording') : connection !== 'online' ? t('clip.offline') : null;
  const busy = clip?.status === 'busy';
  return (
    <span className="clip-control">
      <button
        type="button"
        data-testid="clip-button"
        disabled={busy || reason !== null}
        aria-busy={busy}
        title={reason ?? undefined}
        onClick={() => void service.clip(h)}
      >
        {busy ? t('clip.busy') : t('clip.export')}
      </button>
      {reason && <span className="disabled-reason">{reason}</span>}
      {clip?.status === 'done' && (
        <a href={clip.clip.url} download data-testid="clip-link" className="clip-link">
          {t('clip.download', { size: formatters(i18n.language).decimal(clip.clip.bytes / 1_048_576) })}
        </a>
      )}
      {clip?.status === 'error' && (
        <ProblemNote ns="replay" problem={clip.error} testId="clip-error" prefix={t('clip.failed')} />
      )}
    </span>
  );
}

export function HighlightsPanel({ detail }: { detail: ReplayDetail }) {
  const { t, i18n } = useTranslation('replay');
  const { service } = useReplay();
  const f = formatters(i18n.language);
  const recorded = !!service.timeline && !service.timeline.empty;
  return (
    <section className="card panel highlights-panel" aria-labelledby="highlights-heading">
      <div className="panel-head">
        <h3 id="highlights-heading">{t('highlights.heading')}</h3>
      </div>
      {detail.highlights.length === 0 ? (
        <p className="muted" data-testid="highlights-none">
          {t('highlights.none')}
        </p>
      ) : (
        <ol className="panel-scroll highlight-list">
          {detail.highlights.map((h) => (
            <li key={clipKey(h)} data-testid="highlight-row" data-kind={h.kind} data-t={h.t}>
              <button type="button" className="line" onClick={() => void service.player.seek(h.fromMs)}>
                <span className="line-time num">{clockLabel(h.t)}</span>
                <span className="badge">{t(`highlights.kind.${h.kind}`, { count: f.int(h.count) })}</span>
                <span className="line-text">{h.label}</span>
              </button>
              <ClipControl h={h} recorded={recorded} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
