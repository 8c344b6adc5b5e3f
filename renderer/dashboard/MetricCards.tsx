// Metric cards: each figure over the last 10 min with its change from the 10 min before (sign and colour),
// from the backend's windows (unique viewers and buyers cannot be added up from buckets).
import { useTranslation } from 'react-i18next';
import type { RoomWindows } from '../../core/protocol/analytics-events';
import { formatDuration } from './board-model';
import { formatters, type Formatters } from '../shared/formatters';
import { formatMoneyMap } from '../shared/money';
import {
  CARD_METRICS,
  cardDeltas,
  formatDeltaLabel,
  moneyDelta,
  type CardMetric,
  type Delta,
} from './room-model';

const RATIOS = new Set<CardMetric>(['interactionRate', 'ctr', 'conversion']);

function formatMetric(key: CardMetric, value: number, f: Formatters): string {
  if (key === 'avgWatchMs') return formatDuration(value);
  return RATIOS.has(key) ? f.percent(value) : f.int(value);
}

function DeltaBadge({ d, format, language }: { d: Delta; format: (n: number) => string; language: string }) {
  const cls = d.change > 0 ? 'delta-up' : d.change < 0 ? 'delta-down' : 'delta-flat';
  return (
    <span className={`delta ${cls}`} data-testid="card-delta">
      {formatDeltaLabel(d, format, language)}
    </span>
  );
}

export function MetricCards({ windows }: { windows: RoomWindows }) {
  const { t, i18n } = useTranslation('dashboard');
  const lang = i18n.language;
  const f = formatters(lang);
  const deltas = cardDeltas(windows.last, windows.previous);
  const gmv = moneyDelta(windows.last.gmvPlaced, windows.previous.gmvPlaced);
  const gpm = moneyDelta(windows.last.gpm, windows.previous.gpm);
  return (
    <section className="card metric-cards" aria-label={t('room.windowNote')}>
      <p className="muted">{t('room.windowNote')}</p>
      <div className="metric-grid">
        {CARD_METRICS.map((key) => (
          <div key={key} className="metric" data-testid={`card-${key}`}>
            <span className="metric-label">{t(`room.cards.${key}`)}</span>
            <strong className="num metric-value" data-value={deltas[key].now}>
              {formatMetric(key, deltas[key].now, f)}
            </strong>
            <DeltaBadge d={deltas[key]} format={(n) => formatMetric(key, n, f)} language={lang} />
            <span className="muted">
              {t('room.cards.previous', { value: formatMetric(key, deltas[key].before, f) })}
            </span>
          </div>
        ))}
        {(['gmv', 'gpm'] as const).map((key) => {
          const perCurrency = key === 'gmv' ? gmv : gpm;
          const now = key === 'gmv' ? windows.last.gmvPlaced : windows.last.gpm;
          return (
            <div key={key} className="metric" data-testid={`card-${key}`}>
              <span className="metric-label">{t(`room.cards.${key}`)}</span>
              <strong className="num metric-value" data-value={JSON.stringify(now)}>
                {formatMoneyMap(now, lang)}
              </strong>
              {Object.entries(perCurrency).map(([c, d]) => (
                <span key={c}>
                  <span className="muted">{c} </span>
                  <DeltaBadge d={d} format={(n) => formatMoneyMap({ [c]: n }, lang)} language={lang} />
                </span>
              ))}
              {key === 'gmv' && (
                <span className="muted provisional">
                  {t('room.provisional')} · {t('room.paid')}: {formatMoneyMap(windows.last.gmvPaid, lang)}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
