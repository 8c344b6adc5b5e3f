// Product segments (讲解时段): one per pin period of a product, from the pin facts (core/metrics/room-timeline).
// In each: the product's card impressions and clicks, its orders, buyers and GMV placed, the viewers who
// were there (online at the start or seen during it), GPM and conversion over them, the comments' mood, and
// the questions asked (comments with the question intent, grouped by their normalised text).
import { addMoney, gpmOf, ratio } from '../metrics/facts';
import { RoomTimeline } from '../metrics/room-timeline';
import { PRESENCE_TIMEOUT_MS } from '../protocol/analytics-events';
import type { ProductSegment } from '../protocol/replay';
import { emptyMood, placedOrders, streamMs, type ReplayInputs } from './replay-inputs';

export const TOP_QUESTIONS = 5;

/** A question's text as grouped: case, width, spacing and trailing punctuation do not tell two apart. */
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?？!！。.,，~～]+$/u, '')
    .trim();
}

/** The most asked questions among `texts`, with how often each was asked (ties: first asked first). */
export function topQuestions(
  texts: readonly string[],
  max = TOP_QUESTIONS,
): { text: string; count: number }[] {
  const groups = new Map<string, { text: string; count: number; first: number }>();
  texts.forEach((text, i) => {
    const key = normaliseQuestion(text);
    if (!key) return;
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { text: text.trim(), count: 1, first: i });
  });
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, max)
    .map(({ text, count }) => ({ text, count }));
}

/** Viewers present in [from, to): online at `from` (a presence within the timeout, not left) or seen in it. */
function viewersIn(inputs: ReplayInputs, from: number, to: number): Set<string> {
  const last = new Map<string, { at: number; leave: boolean }>();
  const seen = new Set<string>();
  for (const f of inputs.facts) {
    if (f.viewer === null) continue;
    if (f.at < from) {
      if (f.kind === 'presence')
        last.set(`${f.viewer}\0${f.session}`, { at: f.at, leave: f.state === 'leave' });
    } else if (f.at < to) seen.add(f.viewer);
  }
  for (const [key, m] of last) {
    if (!m.leave && from - m.at < PRESENCE_TIMEOUT_MS) seen.add(key.slice(0, key.indexOf('\0')));
  }
  return seen;
}

export function productSegments(inputs: ReplayInputs): ProductSegment[] {
  const timeline = new RoomTimeline();
  for (const f of inputs.facts) if (f.kind === 'pin' || f.kind === 'live') timeline.add(f);
  const orders = placedOrders(inputs.facts);
  return timeline
    .pins()
    .filter((p) => p.from < inputs.endAt)
    .map((p) => {
      const from = Math.max(p.from, inputs.liveStartedAt);
      const to = Math.min(p.to ?? inputs.endAt, inputs.endAt);
      let impressions = 0;
      let clicks = 0;
      for (const f of inputs.facts) {
        if (f.at < from || f.at >= to) continue;
        if (f.kind === 'impression' && f.productId === p.productId) impressions += 1;
        if (f.kind === 'click' && f.productId === p.productId) clicks += 1;
      }
      const gmv: Record<string, number> = {};
      const buyers = new Set<string>();
      let count = 0;
      for (const o of orders) {
        if (o.at < from || o.at >= to || o.productId !== p.productId) continue;
        count += 1;
        buyers.add(o.buyer);
        addMoney(gmv, o.currency, o.amount);
      }
      const views = viewersIn(inputs, from, to).size;
      const fromMs = streamMs(inputs, from);
      const toMs = streamMs(inputs, to);
      const mood = emptyMood();
      const questions: string[] = [];
      for (const c of inputs.comments) {
        if (c.t < fromMs || c.t >= toMs) continue;
        if (c.sentiment) mood[c.sentiment] += 1;
        if (c.intents.includes('question')) questions.push(c.text);
      }
      return {
        productId: p.productId,
        title: inputs.titles[p.productId] ?? p.productId,
        fromMs,
        toMs,
        durationMs: toMs - fromMs,
        impressions,
        clicks,
        orders: count,
        buyers: buyers.size,
        gmv,
        gpm: gpmOf(gmv, views),
        conversion: ratio(buyers.size, views),
        ctr: ratio(clicks, impressions),
        mood,
        topQuestions: topQuestions(questions),
      };
    });
}
