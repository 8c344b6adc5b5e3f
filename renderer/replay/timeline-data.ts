// The replay timeline's data: the per-minute rollups as uPlot columns (x in stream seconds) and the markers as
// bands (pin periods, recording gaps) and lines (marks, alerts). Pure, so it is unit-tested.
import type { Money } from '../../core/protocol/analytics-events';
import type { ReplayMarker, ReplayMinute } from '../../core/protocol/replay';
import { dominantCurrency } from '../shared/money';
import type { TimelineGap } from './recording-timeline';

/** uPlot's aligned columns: x first, then one column per series. */
export type Columns = [number[], ...(number | null)[][]];

export interface MinuteSeries {
  /** Online peak and comments per minute. */
  audience: Columns;
  /**
   * Sentiment stacked: [x, pos+neu+neg, pos+neu, pos] (drawn in that order, each filled to zero, so each
   * band shows one sentiment); `raw` keeps the counts for the legend.
   */
  sentiment: Columns;
  sentimentRaw: { pos: number[]; neu: number[]; neg: number[] };
  /** GMV in `currency` (major units) and orders. */
  sales: Columns;
  /** The currency GMV is charted in (the one most minutes have); null without sales. */
  currency: string | null;
}

/** Minor units per major unit for `currency` (JPY 1, USD 100, ...). */
export function minorPerMajor(currency: string): number {
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return 10 ** (digits ?? 2);
  } catch {
    return 100;
  }
}

/** The minutes as chart columns, sorted by time; a minute missing between two becomes zeros (no data is none). */
export function minuteSeries(minutes: readonly ReplayMinute[]): MinuteSeries {
  const sorted = [...minutes].sort((a, b) => a.t - b.t);
  const currency = dominantCurrency(sorted.map((m) => m.gmv));
  const scale = currency ? minorPerMajor(currency) : 100;
  const x: number[] = [];
  const online: number[] = [];
  const comments: number[] = [];
  const pos: number[] = [];
  const neu: number[] = [];
  const neg: number[] = [];
  const orders: number[] = [];
  const gmv: number[] = [];
  for (const m of sorted) {
    x.push(m.t / 1000);
    online.push(m.online);
    comments.push(m.comments);
    pos.push(m.sentiment.pos);
    neu.push(m.sentiment.neu);
    neg.push(m.sentiment.neg);
    orders.push(m.orders);
    gmv.push(currency ? amountIn(m.gmv, currency) / scale : 0);
  }
  return {
    audience: [x, online, comments],
    sentiment: [
      x,
      x.map((_, i) => pos[i]! + neu[i]! + neg[i]!),
      x.map((_, i) => pos[i]! + neu[i]!),
      [...pos],
    ],
    sentimentRaw: { pos, neu, neg },
    sales: [x, gmv, orders],
    currency,
  };
}

function amountIn(money: Money, currency: string): number {
  return money[currency] ?? 0;
}

export type BandKind = 'pin' | 'gap';
export interface Band {
  kind: BandKind;
  /** Stream seconds (the chart's x). */
  from: number;
  to: number;
  label: string;
}
export interface Tick {
  kind: 'mark' | 'alert' | 'compliance';
  at: number;
  label: string;
}

/**
 * Pin periods and gaps as bands, marks and alerts as ticks, in stream seconds. A pin still open at the end
 * (the stream stopped while a product was pinned) runs to `durationMs`; a band is clipped to the stream.
 */
export function timelineMarkers(
  markers: readonly ReplayMarker[],
  gaps: readonly TimelineGap[],
  durationMs: number,
): { bands: Band[]; ticks: Tick[] } {
  const bands: Band[] = [];
  const ticks: Tick[] = [];
  const clip = (ms: number) => Math.min(Math.max(0, ms), durationMs) / 1000;
  for (const m of markers) {
    if (m.kind === 'pin' || m.kind === 'gap') {
      const from = clip(m.t);
      const to = clip(m.endT ?? durationMs);
      if (to > from) bands.push({ kind: m.kind, from, to, label: m.label });
    } else ticks.push({ kind: m.kind, at: clip(m.t), label: m.label });
  }
  for (const g of gaps) {
    const from = clip(g.fromMs);
    const to = clip(g.toMs);
    // A gap the backend also listed as a marker is drawn once.
    if (to > from && !bands.some((b) => b.kind === 'gap' && b.from === from && b.to === to))
      bands.push({ kind: 'gap', from, to, label: g.reason });
  }
  bands.sort((a, b) => a.from - b.from);
  ticks.sort((a, b) => a.at - b.at);
  return { bands, ticks };
}

/** "1:02:03" / "2:03" for a stream time in ms. */
export function clockLabel(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
