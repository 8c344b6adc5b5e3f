// One room's metrics, from its facts: facts are applied as they arrive (in any order within a bucket) and
// each 10 s bucket is closed into a RollupBucket once its facts are in. Everything a bucket's result
// depends on is either commutative (counts, sets, the latest value by (at, id)) or sorted at close (a
// session's presence marks, the room's orders, pins), so the same facts give the same buckets in any
// arrival order, and `recompute(facts)` gives what the live state gave.
import {
  BUCKET_MS,
  type ProductMetrics,
  type RollupBucket,
  type RoomMetrics,
  type RoomWindows,
} from '../protocol/analytics-events';
import {
  addAdditive,
  addMoney,
  bucketStart,
  emptyAdditive,
  ratio,
  roomMetrics,
  sumMoney,
  type Additive,
  type AnalyticsFact,
} from './facts';
import { onlineAt, sessionIntervals, sortMarks, unionMs, type Interval, type PresenceMark } from './presence';
import {
  mark,
  newBucket,
  newProduct,
  settleOrders,
  within,
  type ClosedBucket,
  type OpenBucket,
  type Ranges,
  type Session,
} from './open-bucket';
import { RoomTimeline } from './room-timeline';

export type { ClosedBucket } from './open-bucket';

/** Buckets in a 10 min window. */
export const WINDOW_BUCKETS = (10 * 60_000) / BUCKET_MS;

export class RoomAnalytics {
  readonly timeline = new RoomTimeline();
  /** Facts that came after their bucket had closed (not counted in it). */
  late = 0;
  private open = new Map<number, OpenBucket>();
  private sessions = new Map<string, Session>();
  private viewers = new Map<string, { lang: string; ranges: Ranges }>();
  private commenters = new Map<string, Ranges>();
  private buyers = new Map<string, Ranges>();
  private placed = new Set<string>();
  private paid = new Set<string>();
  private onlinePrev = new Set<string>();
  private history = new Map<number, { add: Additive; online: number }>();
  private total = emptyAdditive();
  private lastOnline = 0;
  /** Every bucket starting before this is closed; -Infinity before the first close. */
  closedUntil = -Infinity;

  constructor(readonly roomId: string) {}

  /** Applies a fact; false when its bucket had closed already (counted in `late`). */
  apply(fact: AnalyticsFact): boolean {
    const start = bucketStart(fact.at);
    if (start < this.closedUntil) {
      this.late += 1;
      return false;
    }
    let b = this.open.get(start);
    if (!b) this.open.set(start, (b = newBucket(start)));
    b.facts += 1;
    const v = fact.viewer;
    if (v !== null) {
      b.active.add(v);
      const seen = b.lang.get(v);
      if (!seen || seen.at < fact.at || (seen.at === fact.at && seen.id < fact.id))
        b.lang.set(v, { at: fact.at, id: fact.id, lang: fact.lang });
    }
    const product = (id: string) => {
      let p = b.products.get(id);
      if (!p) b.products.set(id, (p = newProduct()));
      return p;
    };
    switch (fact.kind) {
      case 'presence': {
        if (v === null) break;
        let s = this.sessions.get(fact.session);
        if (!s) this.sessions.set(fact.session, (s = { viewer: v, last: null, pending: 0 }));
        s.pending += 1;
        const marks = b.marks.get(fact.session);
        const m = { at: fact.at, leave: fact.state === 'leave' };
        if (marks) marks.push(m);
        else b.marks.set(fact.session, [m]);
        break;
      }
      case 'impression':
        b.add.impressions += 1;
        product(fact.productId).impressions += 1;
        break;
      case 'click':
        b.add.clicks += 1;
        product(fact.productId).clicks += 1;
        break;
      case 'comment':
        b.add.comments += 1;
        b.commenters.add(fact.handle);
        if (fact.sentiment) b.add.sentiment[fact.sentiment] += 1;
        break;
      case 'order':
        b.orders.push(fact);
        break;
      case 'pin':
      case 'live':
        this.timeline.add(fact);
        break;
      default:
        break; // caption_lang, danmaku: the viewer was active, in its language
    }
    return true;
  }

  /** Closes every bucket that ends at or before `t`; returns those worth storing (activity or viewers). */
  closeUntil(t: number): ClosedBucket[] {
    const out: ClosedBucket[] = [];
    let next = Number.isFinite(this.closedUntil) ? this.closedUntil : this.firstOpen(-Infinity);
    while (next !== null && next + BUCKET_MS <= t) {
      if (!this.open.has(next) && this.sessions.size === 0) {
        const skip = this.firstOpen(next);
        this.closedUntil = Math.min(skip ?? bucketStart(t), bucketStart(t));
        this.onlinePrev = new Set();
        next = this.closedUntil;
        continue;
      }
      const closed = this.summarize(next, next + BUCKET_MS, true);
      if (closed.facts > 0 || closed.bucket.room.views > 0) out.push(closed);
      next += BUCKET_MS;
    }
    return out;
  }

  /** The first bucket not closed yet, as it stands at `now` (nothing is committed). */
  preview(now: number): RollupBucket {
    const s = Number.isFinite(this.closedUntil) ? this.closedUntil : bucketStart(now);
    return this.summarize(s, Math.max(s, Math.min(now, s + BUCKET_MS)), false).bucket;
  }

  /** Viewers online at `now`, with their language. */
  onlineNow(now: number): Map<string, string> {
    const latest = new Map<string, PresenceMark | null>();
    for (const [id, s] of this.sessions) latest.set(id, s.last);
    for (const b of this.open.values()) {
      for (const [id, marks] of b.marks) {
        for (const m of marks) {
          if (m.at > now) continue;
          const cur = latest.get(id) ?? null;
          if (!cur || m.at > cur.at || (m.at === cur.at && m.leave)) latest.set(id, m);
        }
      }
    }
    const out = new Map<string, string>();
    for (const [id, last] of latest) {
      const s = this.sessions.get(id)!;
      if (onlineAt(last, now) && !out.has(s.viewer)) out.set(s.viewer, this.langOf(s.viewer));
    }
    return out;
  }

  /** Whole stream so far, closed buckets and the open ones: what a board tile shows. */
  liveTotals(now: number): RoomMetrics & { languages: Map<string, number> } {
    const online = this.onlineNow(now);
    const add = addAdditive(emptyAdditive(), this.total);
    const newViewers = new Set<string>();
    const newBuyers = new Set<string>();
    const newCommenters = new Set<string>();
    const placed = new Set<string>();
    for (const b of this.open.values()) {
      add.comments += b.add.comments;
      add.impressions += b.add.impressions;
      add.clicks += b.add.clicks;
      for (const v of b.active) if (!this.viewers.has(v)) newViewers.add(v);
      for (const h of b.commenters) if (!this.commenters.has(h)) newCommenters.add(h);
      for (const o of b.orders) {
        if (o.status !== 'placed' || this.placed.has(o.orderId) || placed.has(o.orderId)) continue;
        placed.add(o.orderId);
        add.orders += 1;
        addMoney(add.gmvPlaced, o.currency, o.amount);
        if (!this.buyers.has(o.buyer)) newBuyers.add(o.buyer);
      }
    }
    for (const v of online.keys()) if (!this.viewers.has(v)) newViewers.add(v);
    const languages = new Map<string, number>();
    for (const lang of online.values()) languages.set(lang, (languages.get(lang) ?? 0) + 1);
    const metrics = roomMetrics(add, {
      online: online.size,
      views: this.viewers.size + newViewers.size,
      commenters: this.commenters.size + newCommenters.size,
      buyers: this.buyers.size + newBuyers.size,
    });
    return { ...metrics, languages };
  }

  /** The last 10 min, the 10 min before, and the whole stream, as of the last closed bucket. */
  windows(): RoomWindows {
    const at = Number.isFinite(this.closedUntil) ? this.closedUntil : 0;
    const hi = at / BUCKET_MS - 1;
    return {
      at,
      last: this.window(hi - WINDOW_BUCKETS + 1, hi),
      previous: this.window(hi - 2 * WINDOW_BUCKETS + 1, hi - WINDOW_BUCKETS),
      total: roomMetrics(this.total, {
        online: this.lastOnline,
        views: this.viewers.size,
        commenters: this.commenters.size,
        buyers: this.buyers.size,
      }),
    };
  }

  private window(lo: number, hi: number): RoomMetrics {
    const add = emptyAdditive();
    for (let i = lo; i <= hi; i++) {
      const h = this.history.get(i);
      if (h) addAdditive(add, h.add);
    }
    const count = (m: Map<string, Ranges>) => {
      let n = 0;
      for (const r of m.values()) if (within(r, lo, hi)) n++;
      return n;
    };
    let views = 0;
    for (const v of this.viewers.values()) if (within(v.ranges, lo, hi)) views++;
    return roomMetrics(add, {
      online: this.history.get(hi)?.online ?? 0,
      views,
      commenters: count(this.commenters),
      buyers: count(this.buyers),
    });
  }

  private langOf(viewer: string): string {
    let best: { at: number; id: string; lang: string } | undefined;
    for (const b of this.open.values()) {
      const l = b.lang.get(viewer);
      if (l && (!best || l.at > best.at || (l.at === best.at && l.id > best.id))) best = l;
    }
    return best?.lang ?? this.viewers.get(viewer)?.lang ?? 'und';
  }

  private firstOpen(from: number): number | null {
    let min: number | null = null;
    for (const k of this.open.keys()) if (k >= from && (min === null || k < min)) min = k;
    return min;
  }

  private summarize(s: number, e: number, commit: boolean): ClosedBucket {
    const b = this.open.get(s) ?? newBucket(s);
    const index = s / BUCKET_MS;
    // Presence: each session's intervals in [s, e), merged per viewer.
    const intervals = new Map<string, Interval[]>();
    const onlineEnd = new Set<string>();
    for (const [id, session] of this.sessions) {
      const marks = b.marks.get(id);
      if (!marks && !onlineAt(session.last, s)) {
        if (commit && session.pending === 0) this.sessions.delete(id);
        continue;
      }
      const sorted = marks ? sortMarks(commit ? marks : [...marks]) : [];
      const r = sessionIntervals(session.last, sorted, s, e);
      if (r.intervals.length > 0) {
        const list = intervals.get(session.viewer);
        if (list) list.push(...r.intervals);
        else intervals.set(session.viewer, r.intervals);
      }
      if (onlineAt(r.last, e)) onlineEnd.add(session.viewer);
      if (commit) {
        session.last = r.last;
        session.pending -= sorted.length;
        if (session.pending === 0 && !onlineAt(r.last, e)) this.sessions.delete(id);
      }
    }
    const add: Additive = addAdditive(emptyAdditive(), b.add);
    const active = new Set(b.active);
    const entered = new Set<string>();
    for (const [viewer, list] of intervals) {
      add.watchMs += unionMs(list);
      active.add(viewer);
      if (!this.onlinePrev.has(viewer)) entered.add(viewer);
    }
    add.entries = entered.size;
    for (const v of [...this.onlinePrev, ...entered]) if (!onlineEnd.has(v)) add.exits += 1;

    // Orders, in time order: placed once per order, paid once per order.
    const placed = commit ? this.placed : new Set(this.placed);
    const paid = commit ? this.paid : new Set(this.paid);
    const { products, product, langs, lang, buyers } = settleOrders(b, add, placed, paid, commit);

    // Languages: each active viewer in its latest language of the bucket (else its earlier one).
    const langOf = (v: string) => b.lang.get(v)?.lang ?? this.viewers.get(v)?.lang ?? 'und';
    for (const v of active) lang(langOf(v)).views += 1;
    for (const v of onlineEnd) lang(langOf(v)).online += 1;

    const presented = this.timeline.presented(s, e);
    for (const id of presented.keys()) product(id);
    const productMetrics: ProductMetrics[] = [...products.entries()]
      .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
      .map(([productId, p]) => ({
        productId,
        presented: presented.get(productId)?.presented ?? 0,
        presentedMs: presented.get(productId)?.presentedMs ?? 0,
        impressions: p.impressions,
        clicks: p.clicks,
        ctr: ratio(p.clicks, p.impressions),
        orders: p.orders,
        gmvPlaced: p.gmvPlaced,
        gmvPaid: p.gmvPaid,
      }));
    const bucket: RollupBucket = {
      roomId: this.roomId,
      start: s,
      room: roomMetrics(add, {
        online: onlineEnd.size,
        views: active.size,
        commenters: b.commenters.size,
        buyers: buyers.size,
      }),
      products: productMetrics,
      languages: [...langs.entries()]
        .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0))
        .map(([l, x]) => ({ lang: l, ...x })),
    };
    if (commit) this.commit(b, index, add, active, langOf, buyers, onlineEnd, e);
    return { bucket, facts: b.facts };
  }

  private commit(
    b: OpenBucket,
    index: number,
    add: Additive,
    active: Set<string>,
    langOf: (v: string) => string,
    buyers: Set<string>,
    onlineEnd: Set<string>,
    e: number,
  ): void {
    for (const v of active) {
      const l = langOf(v);
      const entry = this.viewers.get(v);
      if (entry) {
        entry.lang = l;
        mark(entry.ranges, index);
      } else this.viewers.set(v, { lang: l, ranges: [[index, index]] });
    }
    const markIn = (m: Map<string, Ranges>, key: string) => {
      const r = m.get(key);
      if (r) mark(r, index);
      else m.set(key, [[index, index]]);
    };
    for (const h of b.commenters) markIn(this.commenters, h);
    for (const buyer of buyers) markIn(this.buyers, buyer);
    this.history.set(index, { add, online: onlineEnd.size });
    this.history.delete(index - 2 * WINDOW_BUCKETS);
    addAdditive(this.total, add);
    this.onlinePrev = onlineEnd;
    this.lastOnline = onlineEnd.size;
    this.open.delete(b.start);
    this.closedUntil = e;
    if (index % WINDOW_BUCKETS === 0) this.prune(index - 2 * WINDOW_BUCKETS);
  }

  /** Forgets ranges no window can reach any more (the entities stay, for the stream's unique counts). */
  private prune(before: number): void {
    const trim = (r: Ranges) => {
      while (r.length > 1 && r[0]![1] < before) r.shift();
    };
    for (const v of this.viewers.values()) trim(v.ranges);
    for (const r of this.commenters.values()) trim(r);
    for (const r of this.buyers.values()) trim(r);
    for (const i of this.history.keys()) if (i < before) this.history.delete(i);
  }
}

export { sumMoney };
