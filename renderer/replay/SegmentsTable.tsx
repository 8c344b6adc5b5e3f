// The product segments (one row per pin period): duration, impressions, clicks, orders, GMV, GPM,
// conversion, mood and the questions asked most; a row click seeks to the segment's start.
import { useTranslation } from 'react-i18next';
import type { ReplayDetail } from '../../core/protocol/replay';
import { formatters } from '../shared/formatters';
import { formatMoneyMap } from '../shared/money';
import { MoodBar } from './MoodBar';
import { useReplay } from './replay-context';
import { useReplayStore } from './replay-store';
import { clockLabel } from './timeline-data';

export function SegmentsTable({ detail }: { detail: ReplayDetail }) {
  const { t, i18n } = useTranslation('replay');
  const { service } = useReplay();
  const current = useReplayStore((s) =>
    detail.segments.findIndex((seg) => s.currentMs >= seg.fromMs && s.currentMs < seg.toMs),
  );
  const f = formatters(i18n.language);
  return (
    <section className="card panel segments-panel" aria-labelledby="segments-heading">
      <div className="panel-head">
        <h3 id="segments-heading">{t('segments.heading')}</h3>
      </div>
      {detail.segments.length === 0 ? (
        <p className="muted" data-testid="segments-none">
          {t('segments.none')}
        </p>
      ) : (
        <div className="panel-scroll table-card">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('segments.product')}</th>
                <th>{t('segments.from')}</th>
                <th>{t('segments.duration')}</th>
                <th>{t('segments.impressions')}</th>
                <th>{t('segments.clicks')}</th>
                <th>{t('segments.orders')}</th>
                <th>{t('segments.gmv')}</th>
                <th>{t('segments.gpm')}</th>
                <th>{t('segments.conversion')}</th>
                <th>{t('segments.mood')}</th>
                <th>{t('segments.questions')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.segments.map((s, i) => {
                const here = i === current;
                return (
                  <tr
                    key={`${s.productId}-${s.fromMs}`}
                    className={here ? 'segment-row row-current' : 'segment-row'}
                    data-testid="segment-row"
                    data-product={s.productId}
                    data-from={s.fromMs}
                    aria-current={here ? 'true' : undefined}
                    tabIndex={0}
                    onClick={() => void service.player.seek(s.fromMs)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') void service.player.seek(s.fromMs);
                    }}
                  >
                    <td>{s.title}</td>
                    <td className="num">{clockLabel(s.fromMs)}</td>
                    <td className="num">{clockLabel(s.durationMs)}</td>
                    <td className="num">{f.int(s.impressions)}</td>
                    <td className="num">{f.int(s.clicks)}</td>
                    <td className="num">{f.int(s.orders)}</td>
                    <td className="num" data-testid="segment-gmv">
                      {formatMoneyMap(s.gmv, i18n.language)}
                    </td>
                    <td className="num">{formatMoneyMap(s.gpm, i18n.language)}</td>
                    <td className="num">{f.percent(s.conversion)}</td>
                    <td>
                      <MoodBar mood={s.mood} />
                    </td>
                    <td>
                      {s.topQuestions.length === 0 ? (
                        <span className="muted">–</span>
                      ) : (
                        <ul className="question-list">
                          {s.topQuestions.slice(0, 3).map((q) => (
                            <li key={q.text}>
                              {q.text} <span className="muted num">×{f.int(q.count)}</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
