// The timeline under the video: per-minute curves (online and comments, sentiment stacked, GMV and orders)
// on one stream-time axis, with pin periods and gaps as bands, marks and alerts as lines, and the playhead.
// Click or drag on any chart to seek; the legend under the charts names the markers.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import type { ReplayDetail } from '../../core/protocol/replay';
import { UChart } from '../shared/UChart';
import { useReplay } from './replay-context';
import { useReplayStore } from './replay-store';
import { clockLabel, minuteSeries, timelineMarkers, type Band, type Tick } from './timeline-data';
import { timelinePlugin, type TimelineRefs } from './timeline-plugin';

const AXIS = { stroke: '#9aa1b2', grid: { stroke: '#2a2f3c' }, ticks: { stroke: '#2a2f3c' } };
const CHART_HEIGHT = 76;
/** Tick steps of the time axis, in seconds. */
const X_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

export function Timeline({ detail }: { detail: ReplayDetail }) {
  const { t } = useTranslation('replay');
  const { service } = useReplay();
  const currentMs = useReplayStore((s) => s.currentMs);
  const series = useMemo(() => minuteSeries(detail.minutes), [detail.minutes]);
  const gaps = service.timeline?.gaps ?? [];
  const { bands, ticks } = useMemo(
    () => timelineMarkers(detail.markers, gaps, detail.item.durationMs),
    // The gaps come with the same detail.
    [detail],
  );
  const refs = useRef<TimelineRefs>({
    bands: { current: bands },
    ticks: { current: ticks },
    playhead: { current: currentMs },
    seek: { current: (ms) => void service.player.seek(ms) },
  }).current;
  refs.bands.current = bands;
  refs.ticks.current = ticks;
  refs.playhead.current = currentMs;
  refs.seek.current = (ms) => void service.player.seek(ms);
  const plots = useRef(new Set<uPlot>());

  useEffect(() => {
    for (const u of plots.current) u.redraw(false);
  }, [currentMs, bands, ticks]);

  const xMax = Math.max(1, detail.item.durationMs / 1000);
  const base =
    (seriesOpts: uPlot.Series[], yAxes: uPlot.Axis[], scales: uPlot.Scales = {}) =>
    () => ({
      scales: { x: { time: false, range: [0, xMax] as uPlot.Range.MinMax }, ...scales },
      cursor: { drag: { x: false, y: false }, sync: { key: 'replay-timeline' } },
      legend: { live: true },
      series: [
        {
          label: t('timeline.time'),
          value: (_u: uPlot, v: number | null) => (v == null ? '–' : clockLabel(v * 1000)),
        },
        ...seriesOpts,
      ],
      axes: [
        {
          ...AXIS,
          // Whole seconds and round minutes only: labels are m:ss, so a fractional step would repeat them.
          incrs: X_STEPS,
          values: (_u: uPlot, vals: number[]) => vals.map((v) => clockLabel(v * 1000)),
        },
        ...yAxes,
      ],
      plugins: [
        timelinePlugin(refs),
        {
          hooks: {
            init: (u: uPlot) => void plots.current.add(u),
            destroy: (u: uPlot) => void plots.current.delete(u),
          },
        },
      ],
    });

  const raw = series.sentimentRaw;
  const rawValue =
    (key: 'pos' | 'neu' | 'neg') => (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
      idx == null ? '–' : String(raw[key][idx] ?? 0);

  return (
    <section
      className="card timeline"
      data-testid="timeline"
      aria-label={t('timeline.heading')}
      data-minutes={detail.minutes.length}
    >
      <UChart
        title={t('timeline.audience')}
        testId="chart-audience"
        height={CHART_HEIGHT}
        data={series.audience as uPlot.AlignedData}
        options={base(
          [
            { label: t('timeline.online'), stroke: '#4aa3ff', width: 1.5, scale: 'online' },
            { label: t('timeline.commentsPerMin'), stroke: '#f0b429', width: 1.5, scale: 'comments' },
          ],
          [
            { ...AXIS, scale: 'online', size: 44 },
            { ...AXIS, scale: 'comments', side: 1, size: 44, grid: { show: false } },
          ],
        )}
      />
      <UChart
        title={t('timeline.sentiment')}
        testId="chart-sentiment"
        height={CHART_HEIGHT}
        data={series.sentiment as uPlot.AlignedData}
        options={base(
          [
            {
              label: t('timeline.neg'),
              stroke: '#ef5a5a',
              fill: 'rgba(239, 90, 90, 0.55)',
              width: 1,
              value: rawValue('neg'),
            },
            {
              label: t('timeline.neu'),
              stroke: '#9aa1b2',
              fill: 'rgba(154, 161, 178, 0.55)',
              width: 1,
              value: rawValue('neu'),
            },
            {
              label: t('timeline.pos'),
              stroke: '#35c07a',
              fill: 'rgba(53, 192, 122, 0.6)',
              width: 1,
              value: rawValue('pos'),
            },
          ],
          [{ ...AXIS, size: 44 }],
        )}
      />
      <UChart
        title={series.currency ? t('timeline.salesIn', { currency: series.currency }) : t('timeline.sales')}
        testId="chart-sales"
        height={CHART_HEIGHT}
        data={series.sales as uPlot.AlignedData}
        options={base(
          [
            { label: t('timeline.gmv'), stroke: '#35c07a', width: 1.5, scale: 'gmv' },
            { label: t('timeline.orders'), stroke: '#e5364d', width: 1.5, scale: 'orders' },
          ],
          [
            { ...AXIS, scale: 'gmv', size: 54 },
            { ...AXIS, scale: 'orders', side: 1, size: 44, grid: { show: false } },
          ],
        )}
      />
      <MarkerLegend bands={bands} ticks={ticks} />
    </section>
  );
}

function MarkerLegend({ bands, ticks }: { bands: Band[]; ticks: Tick[] }) {
  const { t } = useTranslation('replay');
  const { service } = useReplay();
  const items = [
    ...bands.map((b) => ({
      kind: b.kind,
      at: b.from,
      label: b.kind === 'gap' ? t(`gapReason.${b.label}`, { defaultValue: b.label }) : b.label,
    })),
    ...ticks.map((tick) => ({
      kind: tick.kind,
      at: tick.at,
      label:
        tick.kind === 'compliance'
          ? tick.label
              .split(',')
              .filter(Boolean)
              .map((c) => t(`common:compliance.category.${c}`, { defaultValue: c }))
              .join(' · ')
          : tick.label,
    })),
  ].sort((a, b) => a.at - b.at);
  if (items.length === 0) return null;
  return (
    <ul className="marker-legend" aria-label={t('timeline.markers')}>
      {items.map((m, i) => (
        <li key={`${m.kind}-${m.at}-${i}`}>
          <button
            type="button"
            className={`marker marker-${m.kind}`}
            data-testid="marker"
            data-kind={m.kind}
            onClick={() => void service.player.seek(m.at * 1000)}
          >
            <span className="marker-swatch" aria-hidden="true" />
            {t(`markerKind.${m.kind}`)} {clockLabel(m.at * 1000)} · {m.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
