// The replay bench's stream is what it says it is: plain danmaku only, 30 comments/s on average with bursts
// at 300/s, the asked number of orders mostly for the pinned product, captions every ~3 s per language, and an
// audience that peaks near its target.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTION_LANGS, danmakuTexts, pinnedAt, planStream, type StreamSizes } from './replay-bench-data';
import { Audience } from './replay-bench-presence';

const SIZES: StreamSizes = {
  durationMs: 20 * 60_000,
  commentsPerS: 30,
  burstPerS: 300,
  bursts: 2,
  orders: 400,
  products: 4,
  peakViewers: 400,
  captionEveryMs: 3000,
  marks: 3,
};
const TEXTS = Array.from({ length: 500 }, (_, i) => `弹幕 ${i}`);

describe('replay bench stream', () => {
  it('keeps only plain danmaku (no positioned mode 7, no JSON-like text), normalized', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-danmaku-')), 'd.jsonl');
    const rows = [
      { mode: 7, text: '[0,0,"1-1",3.8,"positioned"]' },
      { mode: 1, text: '  来了\u0007来了  ' },
      { mode: 4, text: '[not json but bracketed' },
      { mode: 5, text: 'top 弹幕' },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    expect(danmakuTexts(file)).toEqual(['来了 来了', 'top 弹幕']);
  });

  it('comments at 30/s on average with 300/s bursts; the asked orders, mostly of the pinned product', () => {
    const plan = planStream(SIZES, TEXTS);
    const seconds = SIZES.durationMs / 1000;
    expect(plan.comments.length / seconds).toBeGreaterThan(28.5);
    expect(plan.comments.length / seconds).toBeLessThan(31.5);
    for (const burst of plan.bursts) {
      const inBurst = plan.comments.filter((c) => c.t >= burst.fromMs && c.t < burst.toMs).length;
      const rate = inBurst / ((burst.toMs - burst.fromMs) / 1000);
      expect(rate).toBeGreaterThan(270);
      expect(rate).toBeLessThan(330);
    }
    expect(plan.orders).toHaveLength(SIZES.orders);
    const forPinned = plan.orders.filter((o) => pinnedAt(plan.pins, o.t) === o.product).length;
    expect(forPinned / plan.orders.length).toBeGreaterThan(0.6);
    expect(plan.comments.every((c, i) => i === 0 || c.t >= plan.comments[i - 1]!.t)).toBe(true);
  });

  it('a final caption every ~3 s in each of the three languages', () => {
    const plan = planStream(SIZES, TEXTS);
    for (const lang of CAPTION_LANGS) {
      const lines = plan.captions.filter((c) => c.lang === lang).length;
      expect(lines).toBeGreaterThan((SIZES.durationMs / 3000) * 0.9);
      expect(lines).toBeLessThan((SIZES.durationMs / 3000) * 1.1);
    }
  });

  it('an audience whose online count peaks near the target, with joins, heartbeats and leaves', () => {
    const plan = planStream(SIZES, TEXTS);
    const audience = new Audience(
      'room',
      SIZES.durationMs,
      SIZES.peakViewers,
      plan.pins,
      ['a', 'b', 'c', 'd'],
      0,
    );
    const peak = Math.max(...Array.from({ length: 40 }, (_, i) => audience.onlineAt(i * 30_000)));
    expect(peak).toBeGreaterThan(SIZES.peakViewers * 0.6);
    expect(peak).toBeLessThan(SIZES.peakViewers * 1.2);
    const facts = audience.window(600_000, 660_000);
    const states = new Set(facts.flatMap((f) => (f.kind === 'presence' ? [f.state] : [])));
    expect([...states].sort()).toEqual(['heartbeat', 'join', 'leave']);
    expect(facts.every((f) => f.at >= 600_000 - 1 && f.roomId === 'room')).toBe(true);
  });
});
