// The room's pins and live periods, kept as sorted event lists (a handful per stream), so the result does
// not depend on the order the events arrived in: what was pinned when, and since when the room is live.
import type { AnalyticsFact } from './facts';

export interface PinPeriod {
  productId: string;
  from: number;
  to: number | null;
}

interface TimelineEvent {
  at: number;
  id: string;
  fact: AnalyticsFact;
}

export class RoomTimeline {
  private events: TimelineEvent[] = [];
  private cache: PinPeriod[] | null = null;

  add(fact: AnalyticsFact): void {
    const e = { at: fact.at, id: fact.id, fact };
    let i = this.events.length;
    while (
      i > 0 &&
      (this.events[i - 1]!.at > e.at || (this.events[i - 1]!.at === e.at && this.events[i - 1]!.id > e.id))
    )
      i--;
    this.events.splice(i, 0, e);
    this.cache = null;
  }

  /** Pin periods: a pin lasts until another product is pinned, the pin is removed, or the stream ends. */
  pins(): PinPeriod[] {
    if (this.cache) return this.cache;
    const out: PinPeriod[] = [];
    let cur = null as PinPeriod | null;
    for (const { at, fact } of this.events) {
      let next: string | null | undefined;
      if (fact.kind === 'pin') next = fact.productId;
      else if (fact.kind === 'live' && fact.state === 'end') next = null;
      if (next === undefined || next === (cur?.productId ?? null)) continue;
      if (cur) cur.to = at;
      cur = next === null ? null : { productId: next, from: at, to: null };
      if (cur) out.push(cur);
    }
    this.cache = out.filter((p) => p.to === null || p.to > p.from);
    return this.cache;
  }

  /** Per product: pin periods overlapping [s, e) and their time in it. */
  presented(s: number, e: number): Map<string, { presented: number; presentedMs: number }> {
    const out = new Map<string, { presented: number; presentedMs: number }>();
    for (const p of this.pins()) {
      const to = p.to ?? e;
      if (p.from >= e || to <= s) continue;
      const acc = out.get(p.productId) ?? { presented: 0, presentedMs: 0 };
      acc.presented += 1;
      acc.presentedMs += Math.min(e, to) - Math.max(s, p.from);
      out.set(p.productId, acc);
    }
    return out;
  }

  /** The stream's current live period: when it started, null when not live; title and host if told. */
  live(): { since: number | null; ended: boolean; title: string | null; host: string | null } {
    let since: number | null = null;
    let ended = false;
    let title: string | null = null;
    let host: string | null = null;
    for (const { at, fact } of this.events) {
      if (fact.kind !== 'live') continue;
      if (fact.state === 'start') {
        if (since === null) since = at;
        ended = false;
        title = fact.title ?? title;
        host = fact.host ?? host;
      } else {
        since = null;
        ended = true;
      }
    }
    return { since, ended, title, host };
  }
}
