// The recording segments and gaps on both databases: sequence numbers per room, a segment closed once, the
// open ones found after a crash, a gap stored once.
import { beforeAll, expect, it } from 'vitest';
import { describeStores } from './store-suite';

describeStores('recording segments and gaps', (_kind, ctx) => {
  beforeAll(async () => {
    await ctx.store.migrate();
  });

  const seg = (roomId: string, startMs: number) => ({
    roomId,
    reason: 'start' as const,
    startMs,
    hasVideo: true,
    hasAudio: true,
    file: '',
  });

  it('numbers segments per room and names each file by its number', async () => {
    const rec = ctx.store.recordings;
    const a1 = await rec.open(seg('r-a', 100), (n) => `/rec/r-a/seg-${n}.webm`);
    const b1 = await rec.open(seg('r-b', 50), (n) => `/rec/r-b/seg-${n}.webm`);
    const a2 = await rec.open({ ...seg('r-a', 5000), reason: 'recorder_restart' }, (n) => `/rec/r-a/${n}`);
    expect([a1.seq, b1.seq, a2.seq]).toEqual([1, 1, 2]);
    expect(a1.file).toBe('/rec/r-a/seg-1.webm');
    expect((await rec.ofRoom('r-a')).map((s) => [s.seq, s.reason, s.startMs, s.endMs])).toEqual([
      [1, 'start', 100, null],
      [2, 'recorder_restart', 5000, null],
    ]);
    expect((await rec.last('r-a'))?.seq).toBe(2);
    expect(await rec.last('r-none')).toBeNull();
  });

  it('closes a segment once and lists the ones still open', async () => {
    const rec = ctx.store.recordings;
    expect(await rec.close('r-a', 1, 4000, 'recorder_died')).toBe(true);
    expect(await rec.close('r-a', 1, 9999, 'stopped')).toBe(false);
    expect((await rec.ofRoom('r-a'))[0]).toMatchObject({ endMs: 4000, endReason: 'recorder_died' });
    expect((await rec.stillOpen()).map((s) => [s.roomId, s.seq])).toEqual([
      ['r-a', 2],
      ['r-b', 1],
    ]);
  });

  it('stores a gap once and never an empty one', async () => {
    const rec = ctx.store.recordings;
    await rec.addGap('r-a', { fromMs: 0, toMs: 100, reason: 'start' });
    await rec.addGap('r-a', { fromMs: 4000, toMs: 5000, reason: 'recorder_died' });
    await rec.addGap('r-a', { fromMs: 4000, toMs: 5000, reason: 'recorder_died' });
    await rec.addGap('r-a', { fromMs: 6000, toMs: 6000, reason: 'new_producer' });
    expect(await rec.gaps('r-a')).toEqual([
      { fromMs: 0, toMs: 100, reason: 'start' },
      { fromMs: 4000, toMs: 5000, reason: 'recorder_died' },
    ]);
    expect(await rec.gaps('r-b')).toEqual([]);
  });
});
