// Highlights and markers of a replay. Highlights: the moments with the most orders, then the biggest comment
// bursts in the time left (each counted in a sliding HIGHLIGHT_WINDOW_MS), never overlapping one another,
// each with a clip window around it. Markers: pin periods, the studio's marks, alerts, the host's compliance
// violations and the recording's gaps, on the stream's timeline.
import { RoomTimeline } from '../metrics/room-timeline';
import type { ReplayHighlight, ReplayMarker } from '../protocol/replay';
import { durationOf, placedOrders, streamMs, type ReplayInputs } from './replay-inputs';
import { complianceMarkers } from './violations';

export const HIGHLIGHT_WINDOW_MS = 30_000;
/** The clip window spans this much before and after the peak. */
export const HIGHLIGHT_CLIP_MS = 20_000;
export const HIGHLIGHTS_PER_KIND = 3;
/** A moment needs at least this many events in its window to be a highlight. */
const MIN_COUNT = { orders: 1, comments: 3 } as const;
const STEP_MS = 5_000;

/** Windows of HIGHLIGHT_WINDOW_MS every STEP_MS, with how many of `times` (sorted stream ms) each holds. */
function windows(times: readonly number[], duration: number): { t: number; count: number }[] {
  const out: { t: number; count: number }[] = [];
  let lo = 0;
  let hi = 0;
  for (let start = 0; start < Math.max(duration, 1); start += STEP_MS) {
    const end = start + HIGHLIGHT_WINDOW_MS;
    while (lo < times.length && times[lo]! < start) lo++;
    while (hi < times.length && times[hi]! < end) hi++;
    if (hi > lo) out.push({ t: start + HIGHLIGHT_WINDOW_MS / 2, count: hi - lo });
  }
  return out;
}

export function highlights(inputs: ReplayInputs): ReplayHighlight[] {
  const duration = durationOf(inputs);
  const orderTimes = placedOrders(inputs.facts)
    .map((o) => streamMs(inputs, o.at))
    .sort((a, b) => a - b);
  const commentTimes = inputs.comments
    .map((c) => c.t)
    .filter((t) => t <= duration)
    .sort((a, b) => a - b);
  const candidates = [
    ...windows(orderTimes, duration)
      .filter((w) => w.count >= MIN_COUNT.orders)
      .map((w) => ({ ...w, kind: 'orders' as const })),
    ...windows(commentTimes, duration)
      .filter((w) => w.count >= MIN_COUNT.comments)
      .map((w) => ({ ...w, kind: 'comments' as const })),
  ];
  // The order peaks first (what a seller replays for), then the comment bursts in the time left.
  candidates.sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === 'orders' ? -1 : 1) || b.count - a.count || a.t - b.t,
  );
  const chosen: ReplayHighlight[] = [];
  const taken = { orders: 0, comments: 0 };
  for (const c of candidates) {
    if (taken[c.kind] >= HIGHLIGHTS_PER_KIND) continue;
    const fromMs = Math.max(0, c.t - HIGHLIGHT_CLIP_MS);
    const toMs = Math.min(Math.max(duration, 1), c.t + HIGHLIGHT_CLIP_MS);
    if (chosen.some((h) => fromMs < h.toMs && h.fromMs < toMs)) continue;
    taken[c.kind] += 1;
    chosen.push({
      kind: c.kind,
      t: c.t,
      fromMs,
      toMs: Math.max(toMs, fromMs + 1),
      count: c.count,
      label: c.kind === 'orders' ? `${c.count} orders` : `${c.count} comments`,
    });
  }
  return chosen.sort((a, b) => a.t - b.t);
}

export function markers(inputs: ReplayInputs): ReplayMarker[] {
  const out: ReplayMarker[] = [];
  const timeline = new RoomTimeline();
  for (const f of inputs.facts) if (f.kind === 'pin' || f.kind === 'live') timeline.add(f);
  for (const p of timeline.pins()) {
    if (p.from >= inputs.endAt) continue;
    out.push({
      kind: 'pin',
      t: streamMs(inputs, p.from),
      endT: streamMs(inputs, p.to ?? inputs.endAt),
      label: inputs.titles[p.productId] ?? p.productId,
      productId: p.productId,
    });
  }
  for (const m of inputs.marks)
    out.push({ kind: 'mark', t: streamMs(inputs, m.at), endT: null, label: m.label });
  for (const a of inputs.alerts) {
    // A compliance alert is its violation's marker already.
    if (a.at <= inputs.endAt && a.kind !== 'compliance')
      out.push({ kind: 'alert', t: streamMs(inputs, a.at), endT: null, label: a.kind });
  }
  out.push(...complianceMarkers(inputs));
  for (const g of inputs.gaps) out.push({ kind: 'gap', t: g.fromMs, endT: g.toMs, label: g.reason });
  return out.sort((a, b) => a.t - b.t);
}
