import { describe, expect, it } from 'vitest';
import {
  DanmakuLayout,
  type DanmakuBox,
  type DanmakuComment,
  type DanmakuLayoutOptions,
} from './lane-layout';

/** Deterministic stand-in for canvas measureText: wide (CJK) characters one em, others 0.55 em. */
const measure = (text: string, fontSize: number): number => {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! >= 0x1100 ? fontSize : fontSize * 0.55;
  return w;
};

const layoutOf = (options: Partial<DanmakuLayoutOptions> = {}) =>
  new DanmakuLayout({ width: 1280, height: 720, fontSize: 24, measure, ...options });

/** Small seeded PRNG (mulberry32) so the random runs are the same every time. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const overlaps = (a: DanmakuBox, b: DanmakuBox) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Every pair of boxes on stage at once that overlap (all pairs, so also across lanes). */
function overlappingPairs(items: DanmakuBox[]): [DanmakuBox, DanmakuBox][] {
  const pairs: [DanmakuBox, DanmakuBox][] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++)
      if (overlaps(items[i]!, items[j]!)) pairs.push([items[i]!, items[j]!]);
  return pairs;
}

const FRAME_MS = 1000 / 60;

describe('lane layout', () => {
  it('never overlaps two comments over the whole flight of 1,000 comments, in bursts and with merges', () => {
    const random = rng(7);
    const layout = layoutOf();
    const words = ['666', '哈哈哈哈', 'hhhh', '前方高能', 'awsl', '这个颜色好看吗', 'Does it come in black?'];
    const comments: { at: number; c: DanmakuComment }[] = [];
    let at = 0;
    for (let i = 0; i < 1000; i++) {
      // Bursts of up to 80/s and lulls, mixed lengths from 1 to 40 characters, a tenth top and bottom.
      at += random() < 0.1 ? random() * 400 : random() * 25;
      const r = random();
      const text =
        r < 0.25
          ? words[Math.floor(random() * words.length)]!
          : Array.from({ length: 1 + Math.floor(random() ** 2 * 40) }, () =>
              random() < 0.5 ? String.fromCharCode(0x4e00 + Math.floor(random() * 500)) : 'x',
            ).join('');
      const m = random();
      comments.push({
        at,
        c: {
          id: `c${i}`,
          text,
          mode: m < 0.1 ? 'top' : m < 0.2 ? 'bottom' : 'scroll',
          host: random() < 0.02,
        },
      });
    }
    let next = 0;
    let frames = 0;
    let maxOnStage = 0;
    // Collected, then asserted once: an expect() per box per frame would take seconds.
    const problems: string[] = [];
    const xsById = new Map<string, number>();
    for (
      let now = 0;
      next < comments.length || layout.items.length > 0 || layout.queued > 0;
      now += FRAME_MS
    ) {
      while (next < comments.length && comments[next]!.at <= now) layout.push(comments[next++]!.c, now);
      layout.step(now);
      const state = layout.layoutState(now);
      for (const [a, b] of overlappingPairs(state.items)) problems.push(`${now}: ${a.id} overlaps ${b.id}`);
      for (const box of state.items) {
        if (box.y !== box.lane * state.laneHeight || box.y + box.h > state.height)
          problems.push(`${now}: ${box.id} is not in its lane`);
        if (box.x + box.w <= 0 || box.x > state.width) problems.push(`${now}: ${box.id} is off stage`);
        // Scrolling comments only ever move right to left.
        if (box.mode === 'scroll' && box.x > (xsById.get(box.id) ?? Infinity))
          problems.push(`${now}: ${box.id} moved right`);
        xsById.set(box.id, box.x);
      }
      maxOnStage = Math.max(maxOnStage, state.onStage);
      frames++;
    }
    expect(problems.slice(0, 10)).toEqual([]);
    const end = layout.layoutState(frames * FRAME_MS);
    expect(end.received).toBe(1000);
    // Every comment is accounted for: shown (alone or counted on a merged item) or shed.
    expect(end.shown + end.shed).toBe(1000);
    expect(end.shown).toBeGreaterThan(700);
    expect(end.placed).toBeGreaterThan(400);
    expect(maxOnStage).toBeGreaterThan(40);
  });

  it('holds a faster (longer) comment back until it can no longer catch up with a slower one ahead', () => {
    // One lane, so both must share it.
    const layout = layoutOf({ height: 32, scrollMs: 6000 });
    layout.push({ id: 'short', text: 'hi' }, 0);
    layout.step(0);
    // Much longer, so much faster: entering as soon as "hi" clears the right edge would run into it.
    layout.push({ id: 'long', text: 'x'.repeat(45) }, 500);
    let placedAt = -1;
    for (let now = 500; now < 12_000; now += FRAME_MS) {
      layout.step(now);
      const items = layout.layoutState(now).items;
      expect(overlappingPairs(items)).toEqual([]);
      if (placedAt < 0 && items.some((b) => b.id === 'long')) placedAt = now;
    }
    const short = { w: Math.ceil(measure('hi', 24)) + 2 * layout.padding };
    // "hi" clears the right edge after ~(w + gap) / v, a fraction of a second; the long one waits longer.
    const clearsEdgeMs = ((short.w + 12) / (1280 + short.w)) * 6000;
    expect(placedAt).toBeGreaterThan(clearsEdgeMs + 1000);
  });

  it('fills top lanes from the top and bottom lanes from the bottom, centred, and frees them after', () => {
    const layout = layoutOf({ width: 800, height: 400, fixedMs: 4000 });
    const lanes = layout.laneCount;
    expect(lanes).toBe(Math.floor(400 / layout.laneHeight));
    for (let i = 0; i < 3; i++) layout.push({ id: `t${i}`, text: `top ${i}`, mode: 'top' }, 0);
    for (let i = 0; i < 3; i++) layout.push({ id: `b${i}`, text: `bottom ${i}`, mode: 'bottom' }, 0);
    layout.step(0);
    const at = (now: number) => new Map(layout.layoutState(now).items.map((b) => [b.id, b]));
    let boxes = at(0);
    expect(['t0', 't1', 't2'].map((id) => boxes.get(id)?.lane)).toEqual([0, 1, 2]);
    expect(['b0', 'b1', 'b2'].map((id) => boxes.get(id)?.lane)).toEqual([lanes - 1, lanes - 2, lanes - 3]);
    for (const box of boxes.values()) {
      expect(Math.abs(box.x + box.w / 2 - 400)).toBeLessThanOrEqual(1);
      expect(box.y + box.h).toBeLessThanOrEqual(400);
    }
    // Still there (and still) until their time is up, then the lanes are free again.
    layout.step(3900);
    boxes = at(3900);
    expect(boxes.get('t0')?.x).toBe(at(0).get('t0')?.x);
    layout.push({ id: 't3', text: 'later', mode: 'top' }, 3900);
    layout.step(3900);
    expect(at(3900).get('t3')?.lane).toBe(3);
    layout.step(4000);
    layout.push({ id: 't4', text: 'again', mode: 'top' }, 4000);
    layout.step(4000);
    expect(at(4000).get('t4')?.lane).toBe(0);
    expect(at(4000).has('t0')).toBe(false);
  });

  it('keeps scrolling comments clear of a top comment in the same lane', () => {
    const layout = layoutOf({ width: 800, height: 32 });
    layout.push({ id: 'top', text: '置顶的一条评论', mode: 'top' }, 0);
    let next = 0;
    let together = 0;
    for (let now = 0; now < 12_000; now += FRAME_MS) {
      if (next < 60 && now >= next * 100) {
        layout.push({ id: `s${next}`, text: `scroll ${next}` }, now);
        next++;
      }
      layout.step(now);
      const items = layout.layoutState(now).items;
      expect(overlappingPairs(items)).toEqual([]);
      if (items.some((b) => b.mode === 'top') && items.some((b) => b.mode === 'scroll')) together++;
    }
    // Scrolling comments did fly while the top one was shown: the lane is shared, not taken in turns.
    expect(layout.layoutState(12_000).placed).toBeGreaterThan(5);
    expect(together).toBeGreaterThan(30);
  });

  it('takes a comment deleted by moderation off the stage and out of the queue', () => {
    const layout = layoutOf({ height: 32 });
    layout.push({ id: 'a', text: 'first' }, 0);
    layout.step(0);
    layout.push({ id: 'b', text: 'second, still waiting' }, 0);
    expect(layout.remove('a')).toBe(true);
    expect(layout.remove('b')).toBe(true);
    expect(layout.remove('nope')).toBe(false);
    layout.step(16);
    const state = layout.layoutState(16);
    expect(state.items).toEqual([]);
    expect(state.queued).toBe(0);
  });

  it('gets top and bottom comments shown even under steady scrolling traffic', () => {
    const layout = layoutOf({ width: 800, height: 32 * 4 });
    const shownFixed = new Set<string>();
    let n = 0;
    for (let now = 0; now < 30_000; now += FRAME_MS) {
      // 30 scrolling comments a second, far more than four lanes hold, and a top and a bottom one every 5 s.
      while (n < (now / 1000) * 30) layout.push({ id: `s${n}`, text: `scrolling comment ${n++}` }, now);
      if (Math.floor(now / 5000) !== Math.floor((now - FRAME_MS) / 5000)) {
        const k = Math.floor(now / 5000);
        layout.push({ id: `top${k}`, text: `置顶 ${k}`, mode: 'top' }, now);
        layout.push({ id: `bottom${k}`, text: `底部 ${k}`, mode: 'bottom' }, now);
      }
      layout.step(now);
      const items = layout.layoutState(now).items;
      expect(overlappingPairs(items)).toEqual([]);
      for (const b of items) if (b.mode !== 'scroll') shownFixed.add(b.id);
    }
    expect(shownFixed.size).toBeGreaterThanOrEqual(10);
    expect(layout.layoutState(30_000).placed).toBeGreaterThan(40);
  });

  it('lets a second top comment that cannot get its own lane soon scroll instead of being dropped', () => {
    // Three lanes, all with a scrolling comment crossing the middle for the next few seconds.
    const layout = layoutOf({ width: 800, height: 96 });
    for (let i = 0; i < 3; i++) layout.push({ id: `s${i}`, text: `scrolling ${i}` }, 0);
    layout.step(0);
    layout.push({ id: 'a', text: '第一条置顶', mode: 'top' }, 0);
    layout.push({ id: 'b', text: '第二条置顶', mode: 'top' }, 0);
    const modes = new Map<string, string>();
    for (let now = 0; now < 8000; now += FRAME_MS) {
      layout.step(now);
      const items = layout.layoutState(now).items;
      expect(overlappingPairs(items)).toEqual([]);
      for (const b of items) if (!modes.has(b.id)) modes.set(b.id, b.mode);
    }
    expect(modes.get('a')).toBe('top');
    expect(modes.get('b')).toBe('scroll');
    expect(layout.layoutState(8000).shed).toBe(0);
  });

  it('shows what many viewers repeat first when the stage is full', () => {
    const layout = layoutOf({ maxOnStage: 2, maxWaitMs: 10_000 });
    layout.push({ id: 'a', text: 'first' }, 0);
    layout.push({ id: 'b', text: 'second' }, 0);
    layout.step(0);
    for (let i = 0; i < 5; i++) layout.push({ id: `u${i}`, text: `unique ${i}` }, 10);
    for (let i = 0; i < 5; i++) layout.push({ id: `p${i}`, text: '上链接' }, 20);
    // Both leave after one flight; the next free place goes to the repeated one, not the oldest waiting.
    layout.step(6001);
    expect(layout.layoutState(6001).items.map((b) => b.label)).toEqual(['上链接 ×5', 'unique 0']);
  });

  it('merges duplicates into one item whose count updates, and does not merge the host', () => {
    const layout = layoutOf();
    const copies = [
      '666',
      '６６６',
      '66666',
      '666!',
      ' 666 ',
      '6666',
      '666',
      '666',
      '66666666',
      '666',
      '666',
      '666',
    ];
    copies.forEach((text, i) => layout.push({ id: `v${i}`, text }, 0));
    layout.push({ id: 'h', text: '666', host: true }, 0);
    layout.step(0);
    let items = layout.layoutState(0).items;
    expect(items.map((b) => [b.label, b.count, b.host])).toEqual([
      ['666', 1, true],
      ['666 ×12', 12, false],
    ]);
    // More copies while it flies: same item, the count goes up, nothing overlaps.
    for (let i = 0; i < 100; i++) {
      layout.push({ id: `w${i}`, text: i % 2 ? 'hhhh' : '666' }, 100 + i * 10);
      layout.step(100 + i * 10);
    }
    items = layout.layoutState(1100).items;
    expect(items.find((b) => b.label.startsWith('666') && !b.host)).toMatchObject({
      count: 62,
      label: '666 ×62',
    });
    expect(items.find((b) => b.label.startsWith('hhhh'))).toMatchObject({ count: 50, label: 'hhhh ×50' });
    expect(overlappingPairs(items)).toEqual([]);
    for (let i = 0; i < 60; i++) layout.push({ id: `x${i}`, text: '666' }, 1200);
    expect(layout.layoutState(1200).items.find((b) => b.count === 122)?.label).toBe('666 ×99+');
  });

  it('grows an item for its count only where that touches nothing, else the next copy starts a new one', () => {
    // One lane packed tight: the first "666" cannot grow, so the second copy becomes its own item.
    const layout = layoutOf({ width: 600, height: 32 });
    layout.push({ id: 'a', text: '666' }, 0);
    layout.step(0);
    let now = 0;
    for (let i = 0; now < 2000; i++, now += FRAME_MS) {
      layout.push({ id: `f${i}`, text: `filler ${i}` }, now);
      layout.step(now);
    }
    layout.push({ id: 'b', text: '666' }, now);
    layout.push({ id: 'c', text: '666' }, now);
    for (; now < 9000; now += FRAME_MS) {
      layout.step(now);
      expect(overlappingPairs(layout.layoutState(now).items)).toEqual([]);
    }
    const state = layout.layoutState(now);
    expect(state.shown + state.shed).toBe(state.received);
  });

  it('caps the stage, sheds the overflow with a count for "+N", and still gives the host a lane', () => {
    const layout = layoutOf({ width: 640, height: 320, maxOnStage: 4, maxQueue: 10, maxWaitMs: 5000 });
    for (let i = 0; i < 100; i++) layout.push({ id: `v${i}`, text: `comment number ${i}` }, 0);
    let maxOnStage = 0;
    let hostSent = false;
    for (let now = 0; now < 3000; now += FRAME_MS) {
      if (!hostSent && now >= 1000) {
        layout.push({ id: 'host', text: 'Welcome everyone!', host: true }, now);
        hostSent = true;
      }
      layout.step(now);
      maxOnStage = Math.max(maxOnStage, layout.items.length);
    }
    const state = layout.layoutState(3000);
    expect(state.items.filter((b) => !b.host)).toHaveLength(4);
    expect(state.items.filter((b) => b.host)).toHaveLength(1);
    expect(maxOnStage).toBe(5);
    // Everything neither shown nor still waiting was shed and counted; the badge shows the same number.
    expect(state.queued).toBe(6);
    expect(state.shed).toBe(101 - state.shown - state.queued);
    expect(state.shed).toBe(90);
    expect(state.shedBadge).toBe(state.shed);
    // The six still waiting at 9 s have waited too long: a new burst, counted from zero; then quiet again.
    layout.step(9000);
    expect(layout.layoutState(9000).shedBadge).toBe(6);
    layout.step(15_000);
    expect(layout.layoutState(15_000).shedBadge).toBe(0);
  });

  it('sheds viewers before the host when the queue overflows', () => {
    const layout = layoutOf({ width: 400, height: 32, maxQueue: 5 });
    for (let i = 0; i < 5; i++) layout.push({ id: `v${i}`, text: `viewer ${i}` }, 0);
    layout.push({ id: 'h', text: 'host speaking', host: true }, 0);
    for (let i = 5; i < 50; i++) layout.push({ id: `v${i}`, text: `viewer ${i}` }, 0);
    const seen = new Set<string>();
    for (let now = 0; now < 20_000; now += FRAME_MS) {
      layout.step(now);
      for (const b of layout.layoutState(now).items) seen.add(b.id);
    }
    expect(seen.has('h')).toBe(true);
    expect(layout.layoutState(20_000).shed).toBeGreaterThan(40);
  });

  it('cuts very long text and drops lanes that no longer fit after a resize', () => {
    const layout = layoutOf({ width: 1280, height: 720, maxChars: 10 });
    layout.push({ id: 'long', text: 'abcdefghijklmnopqrstuvwxyz' }, 0);
    for (let i = 0; i < 40; i++) layout.push({ id: `b${i}`, text: `bottom ${i}`, mode: 'bottom' }, 0);
    layout.step(0);
    expect(layout.layoutState(0).items[0]!.label).toBe('abcdefghi…');
    layout.resize(640, 300);
    layout.step(16);
    const state = layout.layoutState(16);
    expect(state.lanes).toBe(Math.floor(300 / state.laneHeight));
    for (const box of state.items) expect(box.y + box.h).toBeLessThanOrEqual(300);
  });

  it('cuts a comment wider than a small stage until it fits, so it still flies', () => {
    // The studio's preview can be 640 px wide: 46 wide characters at 24 px are 1,104 px.
    const layout = layoutOf({ width: 640, height: 200 });
    const text = '这个颜色真的太好看了我想买两件送给我妈妈和我姐姐请问还有库存吗还有其他颜色吗谢谢主播';
    layout.push({ id: 'wide', text }, 0);
    layout.step(0);
    const [box] = layout.layoutState(0).items;
    expect(box?.label.endsWith('…')).toBe(true);
    expect(text.startsWith(box!.label.slice(0, -1))).toBe(true);
    expect(box!.w).toBeLessThanOrEqual(640);
    expect(Array.from(box!.label).length).toBeGreaterThan(10);
  });
});
