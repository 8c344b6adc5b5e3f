// How the room feels, at a glance: a gauge of the last 10 s, a five-minute timeline of 10 s buckets,
// the mood per pinned product, the questions viewers are waiting on, and alerts. All from the server's
// comment insight (insight:mood / insight:alert); drawn as SVG, numbers in text beside them.
import { useTranslation } from 'react-i18next';
import type { MoodAlert, MoodBucket } from '../../../core/protocol/insight-events';
import { productTitle } from '../../shared/format';
import { selectRoom, useStudioStore } from '../../stores/studio-store';

const GAUGE_R = 44;

function Gauge({ score }: { score: number | null }) {
  const { t } = useTranslation('studio');
  // -1 (all negative) at the left end of the arc, +1 at the right.
  const angle = Math.PI * (1 - ((score ?? 0) + 1) / 2);
  const x = 50 + GAUGE_R * Math.cos(angle);
  const y = 54 - GAUGE_R * Math.sin(angle);
  const label =
    score === null
      ? t('room.mood.quiet')
      : score > 0.2
        ? t('room.mood.positive')
        : score < -0.2
          ? t('room.mood.negative')
          : t('room.mood.mixed');
  return (
    <figure className="mood-gauge" data-testid="mood-gauge" data-score={score ?? ''}>
      <svg viewBox="0 0 100 60" role="img" aria-label={label}>
        <path d="M6 54 A44 44 0 0 1 28 16" className="arc arc-neg" />
        <path d="M28 16 A44 44 0 0 1 72 16" className="arc arc-neu" />
        <path d="M72 16 A44 44 0 0 1 94 54" className="arc arc-pos" />
        {score !== null && <line x1="50" y1="54" x2={x.toFixed(1)} y2={y.toFixed(1)} className="needle" />}
        <circle cx="50" cy="54" r="3" className="needle-hub" />
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

function Timeline({ buckets }: { buckets: MoodBucket[] }) {
  const { t } = useTranslation('studio');
  const max = Math.max(1, ...buckets.map((b) => b.neg + b.neu + b.pos));
  const w = 6;
  return (
    <svg
      className="mood-timeline"
      viewBox={`0 0 ${30 * w} 40`}
      preserveAspectRatio="none"
      role="img"
      aria-label={t('room.mood.timeline')}
      data-testid="mood-timeline"
    >
      {buckets.slice(-30).map((b, i) => {
        const h = (n: number) => (n / max) * 40;
        const x = i * w;
        return (
          <g key={b.at}>
            <rect x={x} y={40 - h(b.pos)} width={w - 1} height={h(b.pos)} className="bar-pos" />
            <rect x={x} y={40 - h(b.pos) - h(b.neu)} width={w - 1} height={h(b.neu)} className="bar-neu" />
            <rect
              x={x}
              y={40 - h(b.pos) - h(b.neu) - h(b.neg)}
              width={w - 1}
              height={h(b.neg)}
              className="bar-neg"
            />
          </g>
        );
      })}
    </svg>
  );
}

function alertText(a: MoodAlert, t: (k: string, o?: Record<string, unknown>) => string): string {
  return a.kind === 'negative_spike'
    ? t('room.mood.alertNegative', { share: Math.round(a.share * 100), count: a.comments })
    : t('room.mood.alertQuestions', { count: a.open, top: a.top });
}

export function MoodPanel() {
  const { t, i18n } = useTranslation('studio');
  const { mood, alerts, products } = useStudioStore(selectRoom);
  const name = (id: string | null) => {
    const p = products.find((x) => x.id === id);
    return p ? productTitle(p, i18n.language) : t('room.mood.noProduct');
  };
  return (
    <div className="mood-card">
      {alerts.slice(0, 2).map((a) => (
        <p key={`${a.kind}-${a.at}`} className="banner banner-error" role="alert" data-testid="mood-alert">
          {alertText(a, t)}
        </p>
      ))}
      <div className="mood-row">
        <Gauge score={mood?.score ?? null} />
        <dl className="mood-counts" data-testid="mood-counts">
          <dt>{t('room.sentiment.pos')}</dt>
          <dd>{mood?.last.pos ?? 0}</dd>
          <dt>{t('room.sentiment.neu')}</dt>
          <dd>{mood?.last.neu ?? 0}</dd>
          <dt>{t('room.sentiment.neg')}</dt>
          <dd>{mood?.last.neg ?? 0}</dd>
        </dl>
      </div>
      <Timeline buckets={mood?.timeline ?? []} />
      {mood && mood.segments.length > 0 && (
        <ul className="mood-segments" aria-label={t('room.mood.byProduct')}>
          {mood.segments.slice(-4).map((s) => {
            const n = s.neg + s.neu + s.pos;
            return (
              <li key={s.from}>
                {name(s.productId)}:{' '}
                {n === 0
                  ? t('room.mood.noComments')
                  : t('room.mood.segmentLine', {
                      pos: Math.round((s.pos / n) * 100),
                      neg: Math.round((s.neg / n) * 100),
                      count: n,
                    })}
              </li>
            );
          })}
        </ul>
      )}
      <h3>{t('room.mood.openQuestions')}</h3>
      <ol className="open-questions" data-testid="open-questions">
        {(mood?.openQuestions ?? []).length === 0 && <li className="muted">{t('room.mood.noQuestions')}</li>}
        {(mood?.openQuestions ?? []).map((q) => (
          <li key={q.text} data-testid="open-question">
            <span className="comment-text">{q.text}</span> <span className="badge">×{q.count}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
