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
import {
  ffmpegUnavailableReason,
  probe,
  produceTestSource,
  testPattern as testPatternFor,
} from '../support/rtp-source';

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

  async function source(live: Live, size?: string, delayMs?: number) {
    const s = await produceTestSource(live.backend, live.roomId, live.host.id!, size, delayMs);
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
      console.log(
        `[recording] recorder CPU for one 720p30 stream: ${pct.toFixed(1)}% of one core (${os.cpus().length} cores)`,
      );
      await end(live);

      const [seg] = await backend.recordings.segments(live.roomId);
      expect(seg).toMatchObject({ seq: 1, reason: 'start', hasVideo: true, hasAudio: true });
      expect(seg!.endMs).not.toBeNull();
      const file = probe(seg!.file);
      expect(file.codecs).toEqual(['opus', 'vp8']);
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
      await expect(backend.recordings.clip(live.roomId, 5, 5)).rejects.toMatchObject({
        code: 'invalid_argument',
      });
      await expect(
        backend.recordings.clip(live.roomId, seg!.endMs! + 60_000, seg!.endMs! + 61_000),
      ).rejects.toMatchObject({ code: 'not_found' });
    },
  );
  it(
    'restarts an FFmpeg killed mid-stream into a second segment and stores the gap',
    { timeout: 60_000 },
    async () => {
      const backend = await backendWith();
      const live = await goLive(backend);
      await source(live);
      await recording(live, 1);
      await writing(live);
      await sleep(1500);
      const { pid } = backend.recordings.process(live.roomId)!;
      process.kill(pid!, 'SIGKILL');
      await expect.poll(() => live.statuses.map((s) => s.state), { timeout: 10_000 }).toContain('restarting');
      expect(live.statuses.find((s) => s.state === 'restarting')!.reason).toMatch(
        /FFmpeg stopped unexpectedly.*SIGKILL/,
      );
      await recording(live, 2);
      expect(backend.recordings.process(live.roomId)!.pid).not.toBe(pid);
      await writing(live);
      await sleep(2000);
      await end(live);

      const segments = await backend.recordings.segments(live.roomId);
      expect(segments.map((s) => s.reason)).toEqual(['start', 'recorder_restart']);
      const [first, second] = segments as [(typeof segments)[0], (typeof segments)[0]];
      expect(second.startMs).toBeGreaterThan(first.endMs!);
      const gaps = await backend.recordings.gaps(live.roomId);
      expect(gaps).toContainEqual({ fromMs: first.endMs, toMs: second.startMs, reason: 'recorder_died' });
      // The killed FFmpeg's file was repaired: it has a duration now, and both kinds.
      const repaired = probe(first.file);
      expect(repaired.codecs).toEqual(['opus', 'vp8']);
      expect(repaired.durationMs).toBeGreaterThan(1000);
      expect(probe(second.file).durationMs).toBeGreaterThan(1000);
    },
  );

  it(
    'starts a new segment when the host produces again after the media worker was killed, where its video begins',
    { timeout: 60_000 },
    async () => {
      const backend = await backendWith();
      const live = await goLive(backend);
      const first = await source(live);
      await recording(live, 1);
      await writing(live);
      await sleep(1000);
      const sfu = backend.sfu;
      if (typeof sfu === 'string') throw new Error(sfu);
      const killed = sfu.pool.workers()[0]!.worker;
      process.kill(killed.pid, 'SIGKILL');
      await expect.poll(() => live.resets, { timeout: 10_000 }).toContain('worker_died');
      first.stop();
      // The studio produces again on the replacement worker, as it does on media:reset.
      await expect
        .poll(() => sfu.pool.workers()[0]!.worker !== killed && !sfu.pool.workers()[0]!.worker.died, {
          timeout: 10_000,
        })
        .toBe(true);
      // Its media flows only 4.5 s after the producers opened (ICE and DTLS again, on a loaded machine):
      // longer than the recorder waits for the first key frame before it lets audio in.
      const second = await source(live, undefined, 4500);
      await recording(live, 2);
      await writing(live);
      await sleep(1500);
      await end(live);

      const segments = await backend.recordings.segments(live.roomId);
      expect(segments.map((s) => s.reason)).toEqual(['start', 'worker_restart']);
      // The replay maps the file's time 0 (its first video frame) to the segment's start: that is when the
      // video began, not when the recorder stopped waiting for it.
      const liveAt = (await backend.store.rooms.liveStartedAt(live.roomId))!;
      expect(Math.abs(segments[1]!.startMs - ((await second.sendingAt) - liveAt))).toBeLessThan(400);
      const gaps = await backend.recordings.gaps(live.roomId);
      expect(gaps.at(-1)).toEqual({
        fromMs: segments[0]!.endMs,
        toMs: segments[1]!.startMs,
        reason: 'worker_restart',
      });
      for (const s of segments) expect(probe(s.file).codecs).toEqual(['opus', 'vp8']);
    },
  );

  it(
    'without FFmpeg the room still goes live, and host and ops are told why nothing is recorded',
    { timeout: 30_000 },
    async () => {
      const backend = await backendWith({ recording: { ffmpeg: '/nonexistent/ffmpeg' } });
      const live = await goLive(backend);
      const off = { state: 'off', reason: expect.stringMatching(/^FFmpeg not found: install FFmpeg/) };
      expect(live.statuses.at(-1)).toMatchObject(off);
      expect(backend.recordings.status(live.roomId)).toMatchObject(off);
      const opened: RoomSocket[] = [];
      cleanups.push(() => opened.forEach((s) => s.disconnect()));
      const ops = await connectAs(backend.url, { role: 'ops' }, opened);
      const opsStatus = new Promise<RecordingStatus>((resolve) => ops.once('recording:status', resolve));
      value(await ops.emitWithAck('ops:room', { roomId: live.roomId }));
      expect(await opsStatus).toMatchObject({ roomId: live.roomId, ...off });
      // Live video is untouched: the host's media flows and a viewer could consume it.
      const src = await source(live);
      if (typeof backend.sfu === 'string') throw new Error(backend.sfu);
      const media = await backend.sfu.room(live.roomId);
      expect(
        media
          .producerList()
          .map((p) => p.producerId)
          .sort(),
      ).toEqual(Object.values(src.producers).sort());
      await sleep(800);
      expect(backend.recordings.process(live.roomId)).toBeNull();
      expect(await backend.recordings.segments(live.roomId)).toEqual([]);
      value(await live.host.emitWithAck('live:end', { roomId: live.roomId }));
    },
  );

  it('turned off by settings: off with that reason', async () => {
    const backend = await backendWith({ recording: { enabled: false } });
    expect(backend.recordings.status('any-room')).toMatchObject({
      state: 'off',
      reason: expect.stringContaining('LIVEBRIDGE_RECORDING=off'),
    });
  });

  it('deletes room folders older than the retention at startup, and keeps the rest', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-rec-retention-'));
    const old = path.join(dir, 'room-old');
    const fresh = path.join(dir, 'room-fresh');
    for (const d of [old, fresh]) {
      mkdirSync(path.join(d, 'clips'), { recursive: true });
      writeFileSync(path.join(d, 'segment-0001.webm'), 'x');
      writeFileSync(path.join(d, 'clips', 'clip-1-2.webm'), 'x');
    }
    const longAgo = new Date(Date.now() - 31 * 24 * 3600_000);
    for (const p of [
      path.join(old, 'clips', 'clip-1-2.webm'),
      path.join(old, 'clips'),
      path.join(old, 'segment-0001.webm'),
      old,
    ])
      utimesSync(p, longAgo, longAgo);
    const backend = await backendWith({ media: false, recording: { dir, retentionDays: 30 } });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    // The daily sweep: the fresh folder goes once it is older than the retention too.
    expect(backend.recordings.sweepRetention(Date.now() + 31 * 24 * 3600_000)).toEqual(['room-fresh']);
    expect(existsSync(fresh)).toBe(false);
  });

  it(
    'after a backend killed mid-segment: stops its FFmpeg, repairs and closes the segments it left open',
    { timeout: 60_000 },
    async () => {
      const data = mkdtempSync(path.join(os.tmpdir(), 'lb-rec-crash-'));
      const dir = path.join(data, 'recordings');
      const sqliteFile = path.join(data, 'db.sqlite');
      const roomId = 'room-crashed';
      mkdirSync(path.join(dir, roomId), { recursive: true });
      // What a SIGKILLed backend leaves: two FFmpeg writers, one killed with it (its file has no cues and no
      // duration), one still running (FFmpeg outlives node), each segment open in the store.
      const writer = (seq: number): { file: string; child: ChildProcess } => {
        const file = path.join(dir, roomId, `segment-000${seq}.webm`);
        const child = spawn('ffmpeg', [
          ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-stream_loop', '-1'],
          ...['-i', testPatternFor('640x360'), '-map_metadata', '-1', '-c', 'copy', '-f', 'webm', '-y', file],
        ]);
        cleanups.push(() => child.kill('SIGKILL'));
        writeFileSync(file.replace(/\.webm$/, '.pid'), `${child.pid}\n${file}\n`);
        return { file, child };
      };
      const store = await openStore({ sqliteFile });
      await store.migrate();
      await store.rooms.create({
        id: roomId,
        title: 'Crash',
        hostLanguage: 'en',
        status: 'created',
        createdAt: 1,
      });
      await store.rooms.setStatus(roomId, 'live');
      const killed = writer(1);
      const running = writer(2);
      for (const [seq, w, startMs] of [
        [1, killed, 0],
        [2, running, 100],
      ] as const) {
        await store.recordings.open(
          {
            roomId,
            file: '',
            reason: seq === 1 ? 'start' : 'new_producer',
            startMs,
            hasVideo: true,
            hasAudio: true,
          },
          () => w.file,
        );
      }
      await store.close();
      await sleep(4000);
      killed.child.kill('SIGKILL');
      await new Promise((r) => killed.child.once('close', r));
      expect(probe(killed.file).durationMs).toBeNull();
      const runningExit = new Promise((r) => running.child.once('close', r));

      const backend = await backendWith({ sqliteFile, recording: { dir } });
      await runningExit; // stopped by the new backend
      const segments = await backend.recordings.segments(roomId);
      expect(segments.every((s) => s.endMs !== null)).toBe(true);
      for (const s of segments) {
        const file = probe(s.file);
        expect(file.durationMs).toBeGreaterThan(2500);
        // Closed where its file ends.
        expect(Math.abs(s.endMs! - s.startMs - file.durationMs!)).toBeLessThanOrEqual(20);
      }
      expect(existsSync(running.file.replace(/\.webm$/, '.pid'))).toBe(false);

      // The host produces again on the new backend: a third segment, after the gap the stopped one left.
      const again = await produceTestSource(backend, roomId, 'studio-after-restart');
      cleanups.push(() => again.stop());
      await expect
        .poll(() => backend.recordings.status(roomId), { timeout: 15_000 })
        .toMatchObject({ state: 'recording', segments: 3 });
      const [, second, third] = await backend.recordings.segments(roomId);
      expect(third).toMatchObject({ seq: 3, reason: 'new_producer', hasVideo: true, hasAudio: true });
      expect(await backend.recordings.gaps(roomId)).toContainEqual({
        fromMs: second!.endMs,
        toMs: third!.startMs,
        reason: 'backend_stopped',
      });
    },
  );
});
