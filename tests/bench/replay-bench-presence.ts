// The replay bench's audience (replay-bench.ts): viewer sessions that join, send a heartbeat every
// HEARTBEAT_MS and leave (a tenth just go silent, as a closed tab does), see the pinned product's card when
// they join and when the pin changes, and click some of them. Sessions arrive with the audience shape of
// replay-bench-data.ts and stay ~6 min on average, so the concurrent count peaks near `peakViewers`. The
// facts are made window by window, stamped exactly as the gateway stamps them (viewer-facts.ts), so the
// loader never holds the whole stream's ~1.5 M presence facts at once.
import { HEARTBEAT_MS } from '../../core/protocol/analytics-events';
import type { ViewerEvent } from '../../core/protocol/analytics-events';
import type { AnalyticsFact } from '../../core/metrics/facts';
import { viewerFact, type ViewerStamp } from '../../server/analytics/viewer-facts';
import { audienceShape, pinnedAt, Rng, type PlannedPin } from './replay-bench-data';

const MEAN_WATCH_MS = 360_000;
const VIEWER_LANGS = [
  ['zh-CN', 'CN'],
  ['zh-CN', 'TW'],
  ['en', 'US'],
  ['en', 'GB'],
  ['es', 'ES'],
  ['es', 'MX'],
  ['ja', 'JP'],
] as const;

/** A viewer event without its id and time (Omit over each member of the union). */
type EventBody = ViewerEvent extends infer E ? (E extends ViewerEvent ? Omit<E, 'id' | 't'> : never) : never;

interface Session {
  stamp: ViewerStamp;
  from: number;
  to: number;
  /** false: the tab just closed (no leave; presence times out). */
  leaves: boolean;
  /** Heartbeat phase within HEARTBEAT_MS. */
  seq: number;
}

export class Audience {
  readonly sessions: Session[] = [];
  private readonly rng: Rng;
  private next = 0;
  private active: Session[] = [];
  /** Product ids by the plan's product index. */
  constructor(
    private readonly roomId: string,
    private readonly durationMs: number,
    peakViewers: number,
    private readonly pins: readonly PlannedPin[],
    private readonly productIds: readonly string[],
    /** Stream time 0 as ms since the epoch. */
    private readonly liveAt: number,
    seed = 61,
  ) {
    this.rng = new Rng(seed);
    const viewers: string[] = [];
    // Arrivals per second = target concurrency / mean stay: the count follows the shape, lagging a little.
    for (let s = 0; s * 1000 < durationMs; s++) {
      const arrivals = this.rng.poisson(
        (peakViewers * audienceShape(s * 1000, durationMs) * 1000) / MEAN_WATCH_MS,
      );
      for (let k = 0; k < arrivals; k++) {
        const from = s * 1000 + this.rng.int(1000);
        const stay = Math.max(5000, Math.round(-Math.log(1 - this.rng.next()) * MEAN_WATCH_MS));
        // A fifth of the sessions are someone who came back (another tab, a reload).
        const viewer =
          viewers.length > 0 && this.rng.next() < 0.2 ? this.rng.pick(viewers) : this.rng.id('a');
        viewers.push(viewer);
        const [lang, region] = this.rng.pick(VIEWER_LANGS);
        this.sessions.push({
          stamp: { roomId, viewer, session: this.rng.id('', 20), lang, region },
          from,
          to: Math.min(durationMs - 1, from + stay),
          leaves: this.rng.next() < 0.9,
          seq: 0,
        });
      }
    }
  }

  /** Concurrent sessions at stream time t (for the report). */
  onlineAt(t: number): number {
    let n = 0;
    for (const s of this.sessions) if (s.from <= t && s.to > t) n++;
    return n;
  }

  private fact(s: Session, t: number, e: EventBody): AnalyticsFact {
    s.seq++;
    // A page's event ids are unique per page load: a viewer who came back has new ones.
    const event = { ...e, id: `${s.stamp.session.slice(0, 8)}-${s.seq}`, t: t } as ViewerEvent;
    return viewerFact(s.stamp, event, this.liveAt + t);
  }

  private card(s: Session, t: number, product: number, out: AnalyticsFact[]): void {
    const productId = this.productIds[product]!;
    out.push(this.fact(s, t, { type: 'impression', productId }));
    const r = this.rng.next();
    if (r < 0.12) {
      const at = Math.min(s.to, t + 2000 + this.rng.int(20_000));
      out.push(this.fact(s, at, { type: 'click', productId, target: r < 0.04 ? 'buy' : 'card' }));
    }
  }

  /** The facts of stream times [from, to), in time order. */
  window(from: number, to: number): AnalyticsFact[] {
    const out: AnalyticsFact[] = [];
    while (this.next < this.sessions.length && this.sessions[this.next]!.from < to)
      this.active.push(this.sessions[this.next++]!);
    const pinChanges = this.pins.filter((p) => p.t >= from && p.t < to && p.product !== null);
    for (const s of this.active) {
      if (s.from >= from) {
        out.push(this.fact(s, s.from, { type: 'presence', state: 'join' }));
        if (this.rng.next() < 0.6)
          out.push(this.fact(s, s.from + 300, { type: 'caption_lang', lang: s.stamp.lang }));
        const pinned = pinnedAt(this.pins, s.from);
        if (pinned !== null) this.card(s, s.from + 800, pinned, out);
      }
      const first = s.from + HEARTBEAT_MS * Math.max(1, Math.ceil((from - s.from) / HEARTBEAT_MS));
      for (let t = first; t < Math.min(to, s.to); t += HEARTBEAT_MS)
        out.push(this.fact(s, t, { type: 'presence', state: 'heartbeat' }));
      for (const pin of pinChanges)
        if (pin.t > s.from && pin.t < s.to) this.card(s, pin.t + 200 + this.rng.int(3000), pin.product!, out);
      if (s.leaves && s.to >= from && s.to < to)
        out.push(this.fact(s, s.to, { type: 'presence', state: 'leave' }));
    }
    this.active = this.active.filter((s) => s.to >= to);
    return out.filter((f) => f.at < this.liveAt + this.durationMs).sort((a, b) => a.at - b.at);
  }
}
