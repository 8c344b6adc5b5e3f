import { describe, expect, it } from 'vitest';
import { SpeechSegmenter, type SegmenterEvent, type SegmenterOptions } from './speech-segmenter';

/** Runs a probability sequence; returns every event with the index of the frame that produced it. */
function run(probs: number[], options: SegmenterOptions) {
  const seg = new SpeechSegmenter(options);
  const events: (SegmenterEvent & { frame: number })[] = [];
  probs.forEach((p, frame) => {
    for (const e of seg.push(p)) events.push({ ...e, frame });
  });
  return { seg, events };
}

const repeat = (p: number, n: number) => Array<number>(n).fill(p);

describe('SpeechSegmenter', () => {
  it('starts after the minimum speech, with pre-padding, and ends where the speech ended', () => {
    // 32 ms frames: 0.32 s silence, 0.64 s speech, 0.48 s silence.
    const probs = [...repeat(0.05, 10), ...repeat(0.9, 20), ...repeat(0.05, 15)];
    const { events } = run(probs, { frameMs: 32 });
    expect(events).toEqual([
      // The 8th speech frame brings it to 256 ms >= 250: start, padded 200 ms before the onset at 320.
      { type: 'start', atMs: 120, frame: 17 },
      // Speech ended at 960; the hangover (300 ms, 10 frames) confirmed it at frame 39.
      { type: 'end', atMs: 960, startMs: 120, frame: 39 },
    ]);
  });

  it('uses hysteresis: 0.4 does not start speech but keeps it going', () => {
    expect(run(repeat(0.4, 50), { frameMs: 32 }).events).toEqual([]);
    const { events } = run([...repeat(0.8, 10), ...repeat(0.4, 30), ...repeat(0.1, 12)], { frameMs: 32 });
    expect(events.map((e) => e.type)).toEqual(['start', 'end']);
    expect(events[1]).toMatchObject({ atMs: 40 * 32 });
  });

  it('ignores speech shorter than the minimum (a cough)', () => {
    const { events } = run([...repeat(0, 5), ...repeat(0.95, 4), ...repeat(0, 30)], { frameMs: 32 });
    expect(events).toEqual([]);
  });

  it('rides out a pause shorter than the hangover, reporting maybeEnding meanwhile', () => {
    const seg = new SpeechSegmenter({ frameMs: 32, hangoverMs: 320 });
    const seen: (number | null)[] = [];
    const events: SegmenterEvent[] = [];
    for (const p of [...repeat(0.9, 20), ...repeat(0.1, 6), ...repeat(0.9, 10), ...repeat(0.1, 10)]) {
      events.push(...seg.push(p));
      seen.push(seg.maybeEnding);
    }
    expect(seen[19]).toBeNull();
    expect(seen.slice(20, 26)).toEqual(repeat(640, 6)); // speech would have ended at 20 * 32
    expect(seen[26]).toBeNull(); // it resumed
    expect(seen.slice(36, 45)).toEqual(repeat(36 * 32, 9));
    expect(seen[45]).toBeNull(); // the 10th silent frame ended it
    expect(events).toEqual([
      { type: 'start', atMs: 0 },
      { type: 'end', atMs: 36 * 32, startMs: 0 },
    ]);
  });

  it('can wait before reporting maybeEnding', () => {
    const seg = new SpeechSegmenter({ frameMs: 32, maybeEndingAfterMs: 96 });
    for (const p of [...repeat(0.9, 20), 0.1, 0.1]) seg.push(p);
    expect(seg.maybeEnding).toBeNull();
    seg.push(0.1);
    expect(seg.maybeEnding).toBe(640);
  });

  it('splits an overlong utterance at the quietest frame of its last second', () => {
    // 96 ms frames, continuous speech for 15 s with a dip at frame 120 (11.52 s).
    const probs = Array.from({ length: 160 }, (_, i) => (i === 120 ? 0.4 : i === 100 ? 0.38 : 0.9));
    const { events } = run(probs, { frameMs: 96, prePadMs: 0, minSpeechMs: 96 });
    expect(events[0]).toEqual({ type: 'start', atMs: 0, frame: 0 });
    // 12 s reached at the end of frame 124: the quietest frame since 11.52 s is 120; split mid-frame.
    expect(events[1]).toEqual({ type: 'split', atMs: 120 * 96 + 48, startMs: 0, frame: 124 });
    expect(events).toHaveLength(2);
    const flushed = run(probs, { frameMs: 96, prePadMs: 0, minSpeechMs: 96 }).seg.flush();
    expect(flushed).toEqual([{ type: 'end', atMs: 160 * 96, startMs: 120 * 96 + 48 }]);
  });

  it('ends instead of splitting when the limit falls in a pause', () => {
    const probs = [...repeat(0.9, 370), ...repeat(0.1, 8), ...repeat(0.9, 20)];
    const { events } = run(probs, { frameMs: 32, prePadMs: 0, maxUtteranceMs: 12_000 });
    // 12 s is frame 375, inside the pause that began at frame 370.
    expect(events[1]).toEqual({ type: 'end', atMs: 370 * 32, startMs: 0, frame: 374 });
    // The next utterance's padding does not reach back into the previous one.
    expect(events[2]).toMatchObject({ type: 'start', atMs: 378 * 32 });
  });

  it('does not pad back past the previous utterance', () => {
    const probs = [...repeat(0.9, 10), ...repeat(0.1, 10), ...repeat(0.9, 10), ...repeat(0.1, 10)];
    const { events } = run(probs, { frameMs: 32, prePadMs: 500, hangoverMs: 300, minSpeechMs: 64 });
    expect(events.filter((e) => e.type === 'start').map((e) => e.atMs)).toEqual([0, 320]);
    expect(events.filter((e) => e.type === 'end').map((e) => e.atMs)).toEqual([320, 960]);
  });

  it('treats a missing probability as silence and rejects a bad frame length', () => {
    const { events } = run([...repeat(0.9, 10), NaN, NaN, ...repeat(0.1, 8)], { frameMs: 32 });
    expect(events.map((e) => e.type)).toEqual(['start', 'end']);
    expect(() => new SpeechSegmenter({ frameMs: 0 })).toThrow(RangeError);
  });
});
