import { describe, expect, it } from 'vitest';
import type { RecordingSegment } from '../../core/protocol/replay';
import { RecordingTimeline } from './recording-timeline';

const seg = (seq: number, startMs: number, endMs: number | null, url: string | null = `/s${seq}.webm`) =>
  ({ seq, startMs, endMs, reason: 'start', hasVideo: true, hasAudio: true, url }) satisfies RecordingSegment;

describe('RecordingTimeline', () => {
  // 0-10 s, a worker restart gap 10-12 s, 12-20 s, then the recorder died: nothing after 20 s of 25 s.
  const timeline = new RecordingTimeline(
    [seg(2, 12_000, 20_000), seg(1, 0, 10_000)],
    [{ fromMs: 10_000, toMs: 12_000, reason: 'worker_restart' }],
    25_000,
  );

  it('maps stream time to a segment and an offset into its file, in order', () => {
    expect(timeline.segments.map((s) => s.seq)).toEqual([1, 2]);
    expect(timeline.locate(0)).toEqual({ index: 0, offsetMs: 0, streamMs: 0 });
    expect(timeline.locate(9_999)).toEqual({ index: 0, offsetMs: 9_999, streamMs: 9_999 });
    expect(timeline.locate(15_500)).toEqual({ index: 1, offsetMs: 3_500, streamMs: 15_500 });
    expect(timeline.streamMs(1, 3_500)).toBe(15_500);
  });

  it('skips a gap to the start of the next segment, and ends after the last one', () => {
    expect(timeline.locate(10_000)).toEqual({ index: 1, offsetMs: 0, streamMs: 12_000 });
    expect(timeline.locate(11_999)).toEqual({ index: 1, offsetMs: 0, streamMs: 12_000 });
    expect(timeline.locate(20_000)).toBeNull();
    expect(timeline.locate(-5)).toEqual({ index: 0, offsetMs: 0, streamMs: 0 });
    expect(timeline.atSegmentEnd(0, 9_990)).toBe(false);
    expect(timeline.atSegmentEnd(0, 10_000)).toBe(true);
  });

  it('lists the listed gap with its reason and the unrecorded tail', () => {
    expect(timeline.gaps).toEqual([
      { fromMs: 10_000, toMs: 12_000, reason: 'worker_restart' },
      { fromMs: 20_000, toMs: 25_000, reason: 'not_recorded' },
    ]);
    expect(timeline.gapAt(11_000)?.reason).toBe('worker_restart');
    expect(timeline.gapAt(5_000)).toBeNull();
  });

  it('finds holes nobody listed, a file that is gone, and a segment still being written', () => {
    const t = new RecordingTimeline(
      [seg(1, 2_000, 5_000), seg(2, 5_000, 8_000, null), seg(3, 9_000, null)],
      [],
      12_000,
    );
    expect(t.segments.map((s) => [s.seq, s.startMs, s.endMs])).toEqual([
      [1, 2_000, 5_000],
      [3, 9_000, 12_000],
    ]);
    // 0-2 s before the first file; 5-9 s: a file gone and a hole, merged into one gap.
    expect(t.gaps).toEqual([
      { fromMs: 0, toMs: 2_000, reason: 'not_recorded' },
      { fromMs: 5_000, toMs: 9_000, reason: 'not_recorded' },
    ]);
    expect(t.locate(6_000)).toEqual({ index: 1, offsetMs: 0, streamMs: 9_000 });
  });

  it('drops a listed gap the files do cover, and is empty without files', () => {
    const t = new RecordingTimeline(
      [seg(1, 0, 10_000)],
      [{ fromMs: 3_000, toMs: 4_000, reason: 'recorder_died' }],
      10_000,
    );
    expect(t.gaps).toEqual([]);
    const none = new RecordingTimeline([seg(1, 0, 10_000, null)], [], 10_000);
    expect(none.empty).toBe(true);
    expect(none.locate(0)).toBeNull();
  });
});
