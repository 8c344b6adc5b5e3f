import { describe, expect, it } from 'vitest';
import {
  applyCaption,
  CAPTION_HOLD_MS,
  EMPTY_LANE,
  nextExpiry,
  visibleLines,
  type CaptionLaneState,
} from './caption-lines';

const cap = (
  id: string,
  text: string,
  emittedAt: number,
  final = false,
  startMs = Number(id.slice(1)) * 1000,
) => ({
  id,
  text,
  final,
  startMs,
  emittedAt,
});

const run = (events: ReturnType<typeof cap>[], receivedAt = 0): CaptionLaneState =>
  events.reduce((s, e) => applyCaption(s, e, receivedAt), EMPTY_LANE);

const shown = (s: CaptionLaneState, now = 0) => visibleLines(s, now).map((l) => [l.text, l.final]);

describe('caption lines', () => {
  it('replaces the partials of one utterance by id, then keeps its final', () => {
    const s = run([
      cap('u1', 'this', 1),
      cap('u1', 'this scarf', 2),
      cap('u1', 'This scarf is silk.', 3, true),
    ]);
    expect(shown(s)).toEqual([['This scarf is silk.', true]]);
    expect(s.partials).toEqual([]);
  });

  it('shows the newest final line and the partial being spoken after it', () => {
    const s = run([cap('u1', 'First.', 1, true), cap('u2', 'second', 2), cap('u2', 'second line', 3)]);
    expect(shown(s)).toEqual([
      ['First.', true],
      ['second line', false],
    ]);
    // Once the partial's utterance is final, the box shows that final alone.
    expect(shown(applyCaption(s, cap('u2', 'Second line.', 4, true), 0))).toEqual([['Second line.', true]]);
  });

  it('ignores an event older than what its id already showed', () => {
    const s = run([cap('u1', 'hello wor', 5), cap('u1', 'hello', 4)]);
    expect(shown(s)).toEqual([['hello wor', false]]);
  });

  it('ignores partials that arrive after the final, even with a later emittedAt', () => {
    const s = run([cap('u1', 'Done.', 5, true), cap('u1', 'Do', 3), cap('u1', 'Done and', 6)]);
    expect(shown(s)).toEqual([['Done.', true]]);
  });

  it('takes a newer final as a correction, and ignores a duplicate', () => {
    const first = run([cap('u1', 'Ten dollars.', 5, true)]);
    const again = applyCaption(first, cap('u1', 'Ten dollars.', 5, true), 0);
    expect(again).toBe(first);
    expect(shown(applyCaption(first, cap('u1', '$10.', 6, true), 0))).toEqual([['$10.', true]]);
  });

  it('orders finals by when they were spoken, not by arrival', () => {
    // A translation of utterance 1 can come after utterance 2's.
    const s = run([cap('u2', 'Second.', 2, true), cap('u1', 'First.', 3, true)]);
    expect(shown(s)).toEqual([['Second.', true]]);
    expect(s.finals.map((l) => l.text)).toEqual(['First.', 'Second.']);
  });

  it('does not show a partial of an utterance older than the newest final', () => {
    const s = run([cap('u1', 'late partial', 1), cap('u2', 'Newer.', 2, true)]);
    expect(shown(s)).toEqual([['Newer.', true]]);
  });

  it('hides lines a few seconds after they arrived when nothing replaces them', () => {
    const s = applyCaption(EMPTY_LANE, cap('u1', 'Hi.', 1, true), 1000);
    expect(shown(s, 1000 + CAPTION_HOLD_MS - 1)).toHaveLength(1);
    expect(nextExpiry(s, 1000)).toBe(1000 + CAPTION_HOLD_MS);
    expect(shown(s, 1000 + CAPTION_HOLD_MS)).toHaveLength(0);
    expect(nextExpiry(s, 1000 + CAPTION_HOLD_MS)).toBeNull();
  });

  it('stays bounded over a long stream', () => {
    let s = EMPTY_LANE;
    for (let i = 0; i < 500; i++) {
      s = applyCaption(s, cap(`u${i}`, 'part', i * 2), 0);
      s = applyCaption(s, cap(`u${i}`, 'Final.', i * 2 + 1, true), 0);
    }
    expect(s.finals.length).toBeLessThanOrEqual(5);
    expect(s.partials.length).toBe(0);
    expect(s.seen.length).toBeLessThanOrEqual(64);
    expect(s.finals.at(-1)!.id).toBe('u499');
  });
});
