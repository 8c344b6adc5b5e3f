// The alert rules, pure: each turns what happened (a metrics window, a product's stock, a health report, the
// last minute's comments, the room's video) into conditions: an alert of this kind and subject should be
// open (holds: true), should not be (false), or this input says nothing new about it (no condition).
import type {
  Alert,
  AlertKind,
  AlertThresholds,
  RoomMetrics,
  StreamHealth,
} from '../../core/protocol/analytics-events';
import type { ComplianceViolation } from '../../core/protocol/compliance';
import type { SentimentLabel } from '../../core/protocol/room-events';
import {
  DETAIL_WORDS_MAX,
  LIST_SEPARATOR,
  summarizeViolation,
  WORDS_SEPARATOR,
} from '../../core/compliance/violation-summary';

export interface Condition {
  kind: AlertKind;
  /** Tells apart alerts of one kind in a room: a product id, a currency; '' when a room has one. */
  subject: string;
  holds: boolean;
  /** When it was observed (ms), as every node sees it for the same input: part of the alert's id. */
  at: number;
  detail: Alert['detail'];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** GPM down by gpmDropPct or more vs the previous 10 min, per currency that had GPM before. */
export function gpmDrop(
  last: Pick<RoomMetrics, 'gpm'>,
  previous: Pick<RoomMetrics, 'gpm'>,
  t: AlertThresholds,
  at: number,
): Condition[] {
  const currencies = new Set([...Object.keys(previous.gpm), ...Object.keys(last.gpm)]);
  return [...currencies].sort().map((currency) => {
    const before = previous.gpm[currency] ?? 0;
    const now = last.gpm[currency] ?? 0;
    const dropPct = before > 0 ? ((before - now) / before) * 100 : 0;
    return {
      kind: 'gpm_drop',
      subject: currency,
      holds: before > 0 && dropPct >= t.gpmDropPct,
      at,
      detail: { currency, gpm: now, previous: before, dropPct: round1(dropPct) },
    };
  });
}

/** A product's stock: sold out at 0, low at or under stockLow (each its own alert). */
export function stockLevel(
  product: { id: string; stock: number; title?: string },
  t: AlertThresholds,
  at: number,
): Condition[] {
  const detail = { productId: product.id, stock: product.stock, title: product.title ?? null };
  return [
    { kind: 'sold_out', subject: product.id, holds: product.stock === 0, at, detail },
    {
      kind: 'stock_low',
      subject: product.id,
      holds: product.stock > 0 && product.stock <= t.stockLow,
      at,
      detail,
    },
  ];
}

/**
 * A compliance violation event: its alert is raised once, at the event's first flag (a caption's partials
 * and final grow one event: the same subject, so no second alert), and cleared when the host acknowledges it.
 */
export function complianceViolation(
  v: Pick<ComplianceViolation, 'id' | 'at' | 'level' | 'source' | 'flags' | 'acknowledgedAt'>,
): Condition {
  const s = summarizeViolation(v);
  return {
    kind: 'compliance',
    subject: v.id,
    holds: v.acknowledgedAt === null,
    at: v.at,
    detail: {
      violationId: v.id,
      level: v.level,
      source: v.source,
      categories: s.categories.join(LIST_SEPARATOR),
      markets: s.markets.join(LIST_SEPARATOR),
      words: s.words.join(WORDS_SEPARATOR).slice(0, DETAIL_WORDS_MAX),
    },
  };
}

/** Loss over lossPct or fps under minFps. */
export const healthIsPoor = (h: StreamHealth, t: AlertThresholds) =>
  h.lossPct > t.lossPct || h.fps < t.minFps;

/**
 * A room's health reports in a row: the stream is poor after two poor reports in a row and fine again at the
 * first good one; the caption lag is over its threshold in the report or not (null: captions off).
 */
export class HealthStreak {
  private poorInRow = 0;

  report(h: StreamHealth, t: AlertThresholds, at: number): Condition[] {
    const poor = healthIsPoor(h, t);
    this.poorInRow = poor ? this.poorInRow + 1 : 0;
    const out: Condition[] = [];
    // A first poor report after good ones neither raises nor clears.
    if (this.poorInRow !== 1) {
      out.push({
        kind: 'stream_poor',
        subject: '',
        holds: this.poorInRow >= 2,
        at,
        detail: { lossPct: round1(h.lossPct), fps: round1(h.fps), videoKbps: Math.round(h.videoKbps) },
      });
    }
    out.push({
      kind: 'caption_lag',
      subject: '',
      holds: h.captionLagMs !== null && h.captionLagMs > t.captionLagMs,
      at,
      detail: { captionLagMs: h.captionLagMs === null ? null : Math.round(h.captionLagMs) },
    });
    return out;
  }
}

const MOOD_WINDOW_MS = 60_000;
const MOOD_SLOT_MS = 1000;

/** The last minute's comments by sentiment, per second: negative_mood when enough of them are negative. */
export class MoodWindow {
  private slots: { at: number; neg: number; all: number }[] = [];

  add(label: SentimentLabel, at: number): void {
    const slot = at - (at % MOOD_SLOT_MS);
    let last = this.slots.at(-1);
    if (!last || last.at < slot) {
      last = { at: slot, neg: 0, all: 0 };
      this.slots.push(last);
    } else if (last.at > slot) {
      // Out of order (a relayed comment): counted in the slot it belongs to, if it is still in the window.
      const found = this.slots.find((s) => s.at === slot);
      if (!found) return;
      last = found;
    }
    last.all++;
    if (label === 'neg') last.neg++;
  }

  /** True when no comment of the last minute is left (the room may be forgotten). */
  empty(now: number): boolean {
    this.prune(now);
    return this.slots.length === 0;
  }

  evaluate(t: AlertThresholds, now: number): Condition {
    this.prune(now);
    let neg = 0;
    let all = 0;
    for (const s of this.slots) {
      neg += s.neg;
      all += s.all;
    }
    const share = all ? neg / all : 0;
    return {
      kind: 'negative_mood',
      subject: '',
      holds: all >= t.negativeMinComments && share >= t.negativeShare,
      at: now - (now % MOOD_SLOT_MS),
      detail: { share: Math.round(share * 100) / 100, comments: all, negative: neg },
    };
  }

  private prune(now: number): void {
    while (this.slots.length && this.slots[0]!.at + MOOD_SLOT_MS <= now - MOOD_WINDOW_MS) this.slots.shift();
  }
}

/**
 * Whether a live room sends video: no_video once it has been live without a video producer for noVideoMs,
 * cleared when one opens (or the room stops being live).
 */
export class VideoWatch {
  private live = false;
  private readonly video = new Set<string>();
  /** Since when the live room has had no video (null: it has video, or is not live). */
  private since: number | null = null;

  goLive(at: number): void {
    if (this.live) return;
    this.live = true;
    if (this.video.size === 0) this.since = at;
  }

  opened(producerId: string): void {
    this.video.add(producerId);
    this.since = null;
  }

  /** A producer closed (of any kind: only the video ones are known here). */
  closed(producerId: string, at: number): void {
    if (!this.video.delete(producerId)) return;
    if (this.live && this.video.size === 0) this.since = at;
  }

  get isLive(): boolean {
    return this.live;
  }

  evaluate(t: AlertThresholds, now: number): Condition {
    const without = this.since === null ? 0 : now - this.since;
    return {
      kind: 'no_video',
      subject: '',
      holds: this.live && this.since !== null && without >= t.noVideoMs,
      at: this.since ?? now,
      detail: { withoutMs: without },
    };
  }
}
