// Recording for replay with the real mediasoup worker and real FFmpeg: a stream is written to WebM by
// stream copy (VP8 + Opus, never re-encoded) and its file lasts as long as the stored segment; an FFmpeg
// killed mid-stream is restarted into a second segment with the gap stored; a media worker killed
// mid-stream gives a new segment once the host produces again; a backend without FFmpeg still goes live
// and says why nothing is recorded; a backend killed mid-segment leaves nothing behind that the next one
// does not stop, repair and close; old room folders are deleted.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RecordingStatus } from '../../core/protocol/replay';
import { startBackend, type Backend, type BackendOptions } from '../../server/backend';
import { sfuConfigFromEnv } from '../../server/sfu/sfu-config';
import { openStore } from '../../server/store/store';
import { mediasoupUnavailableReason } from '../support/media';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, value, type RoomSocket } from '../support/room-clients';
import { ffmpegUnavailableReason, probe, produceTestSource, type TestSource } from '../support/rtp-source';

const skip = mediasoupUnavailableReason() ?? ffmpegUnavailableReason();
if (skip) console.warn(`[recording] skipped: ${skip}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let nextPorts = 47400;

interface Live {
  backend: Backend;
  host: RoomSocket;
  roomId: string;
  statuses: RecordingStatus[];
  resets: string[];
}

describe.skipIf(skip !== null)('recording', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function backendWith(options: Partial<BackendOptions> = {}): Promise<Backend> {
    const rtcMinPort = (nextPorts += 100);
    const backend = await startBackend({
      sqliteFile: ':memory:',
      logger: quietLogger,
      media: { ...sfuConfigFromEnv(), numWorkers: 1, rtcMinPort, rtcMaxPort: rtcMinPort + 99 },
      ...options,
      recording: { settleMs: 500, ...options.recording },
    });
    cleanups.push(() => backend.close());
    return backend;
  }

  async function goLive(backend: Backend): Promise<Live> {
    const opened: RoomSocket[] = [];
    cleanups.push(() => opened.forEach((s) => s.disconnect()));
    const host = await connectAs(backend.url, { role: 'host' }, opened);
    const statuses: RecordingStatus[] = [];
    const resets: string[] = [];
    host.on('recording:status', (s) => statuses.push(s));
    host.on('media:reset', ({ reason }) => resets.push(reason));
    const { room } = value(await host.emitWithAck('room:create', { title: 'Rec', hostLanguage: 'en' }));
    value(await host.emitWithAck('live:start', { roomId: room.id }));
    return { backend, host, roomId: room.id, statuses, resets };
  }

  async function source(live: Live, size?: string): Promise<TestSource> {
    const s = await produceTestSource(live.backend, live.roomId, live.host.id!, size);
    cleanups.push(() => s.stop());
    return s;
  }

  const recording = (live: Live, segments: number) =>
    expect
      .poll(() => live.statuses.at(-1), { timeout: 15_000, interval: 100 })
      .toMatchObject({ state: 'recording', segments });

  /** Waits until the segment being written has video in its file (FFmpeg wrote its header). */
  const writing = (live: Live) =>
    expect
      .poll(
        async () => {
          const segs = await live.backend.recordings.segments(live.roomId);
          const file = segs.at(-1)?.file;
          return file && existsSync(file) ? readFileSync(file).length : 0;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBeGreaterThan(20_000);

  async function end(live: Live) {
    value(await live.host.emitWithAck('live:end', { roomId: live.roomId }));
    expect(await live.backend.recordings.finalized(live.roomId, 15_000)).toBe(true);
  }

  it(
    'writes a 720p stream to WebM by stream copy, as long as its stored segment, and cuts a clip',
    { timeout: 60_000 },
    async () => {
      const backend = await backendWith();
      const live = await goLive(backend);
      expect(live.statuses[0]).toMatchObject({ state: 'off', reason: expect.stringContaining('No video') });
      await source(live, '1280x720');
      await recording(live, 1);
      await writing(live);
      const proc = backend.recordings.process(live.roomId)!;
      // Stream copy only: no encoder, no codec but `copy`.
      expect(proc.args.join(' ')).toContain('-c copy');
      expect(proc.args.join(' ')).not.toMatch(/libvpx|libopus|-c:v|-c:a|-b:v|-vcodec|-acodec/);
      const cpuFrom = backend.recordings.cpuSeconds(live.roomId);
      const t0 = Date.now();
      await sleep(6000);
      const cpu = backend.recordings.cpuSeconds(live.roomId) - cpuFrom;
      const pct = (100 * cpu) / ((Date.now() - t0) / 1000);
      console.log(`[recording] recorder CPU for one 720p30 stream: ${pct.toFixed(1)}% of one core (${os.cpus().length} cores)`);
      await end(live);

      const [seg] = await backend.recordings.segments(live.roomId);
      expect(seg).toMatchObject({ seq: 1, reason: 'start', hasVideo: true, hasAudio: true });
      expect(seg!.endMs).not.toBeNull();
      const file = probe(seg!.file);
      expect(file.codecs).toEqual(['opus', 'vp8']);
      console.log(JSON.stringify({ seg, file }));
      expect(Math.abs(file.durationMs! - (seg!.endMs! - seg!.startMs))).toBeLessThan(1000);
      expect(await backend.recordings.gaps(live.roomId)).toEqual(
        seg!.startMs > 0 ? [{ fromMs: 0, toMs: seg!.startMs, reason: 'start' }] : [],
      );
      await expect.poll(() => live.statuses.at(-1)?.state).toBe('stopped');
      expect(backend.recordings.cpuSeconds(live.roomId)).toBeGreaterThan(0);

      const from = seg!.startMs + 2500;
      const clip = await backend.recordings.clip(live.roomId, from, from + 2000);
      expect(clip.bytes).toBeGreaterThan(10_000);
      expect(clip.toMs).toBe(from + 2000);
      // Cut at the key frame at or before `from` (one each second in the source).
      expect(clip.fromMs).toBeLessThanOrEqual(from);
      expect(clip.fromMs).toBeGreaterThan(from - 1600);
      const cut = probe(clip.file);
      expect(cut.codecs).toEqual(['opus', 'vp8']);
      expect(Math.abs(cut.durationMs! - (clip.toMs - clip.fromMs))).toBeLessThan(300);
      await expect(backend.recordings.clip(live.roomId, 5, 5)).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(
        backend.recordings.clip(live.roomId, seg!.endMs! + 60_000, seg!.endMs! + 61_000),
      ).rejects.toMatchObject({ code: 'not_found' });
    },
  );
});
