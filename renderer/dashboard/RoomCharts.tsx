// Per-minute charts of one room (uPlot): online viewers, comments, sentiment stacked, GMV with orders, each
// with the room's pin periods and alerts as markers. Aggregated from the 10 s buckets (room-model.ts).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import type { Alert, RollupBucket } from '../../core/protocol/analytics-events';
import { currencies, dominantCurrency } from '../shared/money';
import { perMinute, type MinutePoint } from './room-model';
import { UChart, type Marker } from '../shared/UChart';

const AXIS = { stroke: '#9aa1b2', grid: { stroke: '#2a2f3c' }, ticks: { stroke: '#2a2f3c' } };
const axes = (extra: uPlot.Axis[] = []): uPlot.Axis[] => [{ ...AXIS }, { ...AXIS }, ...extra];
const line = (label: string, stroke: string, fill?: string): uPlot.Series => ({
  label,
  stroke,
  width: 2,
  ...(fill ? { fill } : {}),
});

/** The minor-unit digits of a currency (JPY 0, USD 2), for charting in major units. */
function digits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

export function RoomCharts({
  buckets,
  pins,
  alerts,
}: {
  buckets: RollupBucket[];
  pins: { productId: string; from: number; to: number | null }[];
  alerts: Alert[];
}) {
  const { t, i18n } = useTranslation('dashboard');
  const minutes = useMemo(() => perMinute(buckets), [buckets]);
  const allCurrencies = useMemo(
    () => [...new Set(minutes.flatMap((m) => currencies(m.gmvPlaced)))].sort(),
    [minutes],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const currency =
    chosen && allCurrencies.includes(chosen) ? chosen : dominantCurrency(minutes.map((m) => m.gmvPlaced));
  const markers = useMemo<Marker[]>(
    () => [
      ...pins.flatMap((p) => [
        { at: p.from / 1000, kind: 'pin' as const },
        ...(p.to !== null ? [{ at: p.to / 1000, kind: 'pin' as const }] : []),
      ]),
      ...alerts.map((a) => ({ at: a.at / 1000, kind: 'alert' as const })),
    ],
    [pins, alerts],
  );
  const data = useMemo(() => series(minutes, currency), [minutes, currency]);

  if (minutes.length === 0)
    return (
      <section className="card charts" aria-label={t('charts.heading')}>
        <h2>{t('charts.heading')}</h2>
        <p className="muted">{t('charts.noData')}</p>
      </section>
    );
  return (
    <section className="card charts" aria-label={t('charts.heading')}>
      <div className="charts-head">
        <h2>{t('charts.heading')}</h2>
        <span className="muted">{t('charts.markers')}</span>
        {allCurrencies.length > 1 && (
          <label>
            {t('charts.currency')}{' '}
            <select value={currency ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {allCurrencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      {/* uPlot writes its series labels (the legend) once per chart: a new language makes new charts. */}
      <div className="chart-grid" key={i18n.language}>
        <UChart
          title={t('charts.online')}
          testId="chart-online"
          data={[data.x, data.online]}
          markers={markers}
          options={() => ({ series: [{}, line(t('charts.online'), '#35c07a')], axes: axes() })}
        />
        <UChart
          title={t('charts.comments')}
          testId="chart-comments"
          data={[data.x, data.comments]}
          markers={markers}
          options={() => ({ series: [{}, line(t('charts.comments'), '#4aa3ff')], axes: axes() })}
        />
        <UChart
          title={t('charts.sentiment')}
          testId="chart-sentiment"
          data={[data.x, data.posStack, data.neuStack, data.negStack]}
          markers={markers}
          options={() => ({
            // Stacked: each line is the sum of itself and the ones under it; the largest is drawn first and
            // each smaller one is painted over it, so every band shows one kind of comment.
            series: [
              {},
              line(t('charts.pos'), '#35c07a', '#1f5a3c'),
              line(t('charts.neu'), '#9aa1b2', '#3a3f4c'),
              line(t('charts.neg'), '#ef5a5a', '#6a2530'),
            ],
            axes: axes(),
          })}
        />
        <UChart
          key={currency ?? 'none'}
          title={t('charts.gmv', { currency: currency ?? '–' })}
          testId="chart-gmv"
          data={[data.x, data.gmv, data.orders]}
          markers={markers}
          options={() => ({
            scales: { orders: {} },
            series: [
              {},
              line(`${t('room.cards.gmv')} (${currency ?? '–'})`, '#f0b429'),
              { ...line(t('charts.orders'), '#e5364d'), scale: 'orders' },
            ],
            axes: axes([{ ...AXIS, scale: 'orders', side: 1, grid: { show: false } }]),
          })}
        />
      </div>
    </section>
  );
}

function series(minutes: MinutePoint[], currency: string | null) {
  const scale = currency ? 10 ** digits(currency) : 1;
  return {
    x: minutes.map((m) => m.start / 1000),
    online: minutes.map((m) => m.online),
    comments: minutes.map((m) => m.comments),
    negStack: minutes.map((m) => m.neg),
    neuStack: minutes.map((m) => m.neg + m.neu),
    posStack: minutes.map((m) => m.neg + m.neu + m.pos),
    gmv: minutes.map((m) => (currency ? (m.gmvPlaced[currency] ?? 0) / scale : 0)),
    orders: minutes.map((m) => m.orders),
  };
}
