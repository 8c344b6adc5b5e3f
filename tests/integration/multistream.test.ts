// Multistream with the real mediasoup worker, real FFmpeg and real RTMP servers (node-media-server in its
// own process): the host's stream goes to two servers at once, each read back by FFmpeg as H.264 + AAC;
// one server stopped leaves the other streaming and the destination reconnects by itself when the server
// is back; the shared encode killed is restarted under both; a refused stream key is an error with the
// reason; the stream's end ends every destination and its FFmpeg. Without FFmpeg every destination says so
// and the stream stays live.
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DestinationStatus, MultistreamStatus } from '../../core/protocol/multistream';
import { startBackend, type Backend, type BackendOptions } from '../../server/backend';
import { sfuConfigFromEnv } from '../../server/sfu/sfu-config';
import { mediasoupUnavailableReason } from '../support/media';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, value, type RoomSocket } from '../support/room-clients';
import { ffmpegUnavailableReason, produceTestSource } from '../support/rtp-source';
import {
  framesFrom,
  probeRtmp,
  startRtmpServer,
  x264UnavailableReason,
  type RtmpServer,
} from '../support/rtmp-server';

const skip = mediasoupUnavailableReason() ?? ffmpegUnavailableReason() ?? x264UnavailableReason();
if (skip) console.warn(`[multistream] skipped: ${skip}`);

let nextPorts = 48400;
const KEYS = { a: 'key-a-7f3e91c2', b: 'key-b-51d0aa77', bad: 'key-bad-0c9d2e44' };

/** FFmpeg processes whose command line holds `needle` (their pids). */
function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.includes('ffmpeg') && cmd.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

interface Session {
  backend: Backend;
  host: RoomSocket;
  studio: RoomSocket;
  roomId: string;
  hostKey: string;
  /** What the studio's host process heard, and what the room's hosting socket heard. */
  heard: MultistreamStatus[];
  staffHeard: MultistreamStatus[];
}

describe('multistream', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function session(options: Partial<BackendOptions>): Promise<Session> {
    const backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, ...options });
    cleanups.push(() => backend.close());
    const opened: RoomSocket[] = [];
    cleanups.push(() => opened.forEach((s) => s.disconnect()));
    const host = await connectAs(backend.url, { role: 'host' }, opened);
    const staffHeard: MultistreamStatus[] = [];
    host.on('multistream:status', (s) => staffHeard.push(s));
    const { room, hostKey } = value(
      await host.emitWithAck('room:create', { title: 'Multi', hostLanguage: 'en' }),
    );
    value(await host.emitWithAck('live:start', { roomId: room.id }));
    // The studio's host process: its own connection, proving the host key (it does not host the room).
    const studio = await connectAs(backend.url, { role: 'host' }, opened);
    const heard: MultistreamStatus[] = [];
    studio.on('multistream:status', (s) => heard.push(s));
    return { backend, host, studio, roomId: room.id, hostKey, heard, staffHeard };
  }

  const dest = (s: Session, id: string): DestinationStatus | undefined =>
    s.heard.at(-1)?.destinations.find((d) => d.id === id);

  it.skipIf(skip !== null)(
    'streams to two RTMP servers, rides out one going away, names a refused key, and ends with the stream',
    { timeout: 150_000 },
    async () => {
      const servers: RtmpServer[] = [];
      cleanups.push(() => Promise.all(servers.map((srv) => srv.close())));
      const [a, b, refusing] = await Promise.all([
        startRtmpServer(),
        startRtmpServer(),
        startRtmpServer({ rejectPublish: true }),
      ]);
      servers.push(a!, b!, refusing!);
      const rtcMinPort = (nextPorts += 100);
      const s = await session({
        media: { ...sfuConfigFromEnv(), numWorkers: 1, rtcMinPort, rtcMaxPort: rtcMinPort + 99 },
        multistream: { noMediaMs: 1500 },
      });

      // Started before the host's camera is on: the destinations wait, and say why after a while.
      const started = value(
        await s.studio.emitWithAck('multistream:start', {
          roomId: s.roomId,
          hostKey: s.hostKey,
          destinations: [
            { id: 'a', name: 'Server A', url: a!.url, key: KEYS.a },
            { id: 'b', name: 'Server B', url: b!.url, key: KEYS.b },
            { id: 'bad', name: 'Wrong key', url: refusing!.url, key: KEYS.bad },
          ],
        }),
      );
      expect(started.destinations.map((d) => [d.id, d.state])).toEqual([
        ['a', 'connecting'],
        ['b', 'connecting'],
        ['bad', 'connecting'],
      ]);
      await expect
        .poll(() => dest(s, 'a'), { timeout: 8000 })
        .toMatchObject({
          state: 'error',
          error: 'no_media',
          detail: expect.stringMatching(/video or audio/),
        });

      const source = await produceTestSource(s.backend, s.roomId, s.host.id!, '640x360');
      cleanups.push(() => source.stop());
      const liveAt = Date.now();
      for (const id of ['a', 'b'])
        await expect.poll(() => dest(s, id)?.state, { timeout: 30_000, interval: 200 }).toBe('live');
      console.log(
        `[multistream] both destinations live ${Date.now() - liveAt} ms after the host's media began`,
      );

      // FFmpeg reads H.264 and AAC back from both servers.
      for (const [srv, key] of [
        [a!, KEYS.a],
        [b!, KEYS.b],
      ] as const) {
        const read = await probeRtmp(`${srv.url}/${key}`);
        expect(read.codecs, read.error).toEqual(['aac', 'h264']);
        expect(read.width).toBe(640);
      }

      // A refused key: an error with its reason in words, never retried on its own, the key nowhere.
      await expect.poll(() => dest(s, 'bad'), { timeout: 20_000 }).toMatchObject({ state: 'error' });
      const bad = dest(s, 'bad')!;
      console.log(`[multistream] refused key: ${bad.error}: ${bad.detail}`);
      expect(bad.error).toBe('bad_key');
      expect(bad.detail).toBeTruthy();

      // The status reaches the room's hosting socket too, with bitrate and uptime while live.
      await expect
        .poll(() => s.staffHeard.at(-1)?.destinations.find((d) => d.id === 'b'), { timeout: 5000 })
        .toMatchObject({ state: 'live', bitrateKbps: expect.any(Number) });
      expect(s.heard.at(-1)!.encoder).toMatchObject({ state: 'running' });

      // Server A goes away: A reconnects, B keeps streaming (frames keep arriving from it).
      await a!.stop();
      await expect.poll(() => dest(s, 'a')?.state, { timeout: 20_000 }).toMatch(/reconnecting|error/);
      expect(dest(s, 'b')?.state).toBe('live');
      const frames = await framesFrom(`${b!.url}/${KEYS.b}`, 3);
      console.log(`[multistream] ${frames} frames from B in 3 s while A was down`);
      expect(frames).toBeGreaterThan(45);
      expect(dest(s, 'b')?.state).toBe('live');
      expect(dest(s, 'a')?.error).toMatch(/unreachable|refused/);

      // A is back: live again within 10 s.
      await a!.restart();
      const back = Date.now();
      await expect.poll(() => dest(s, 'a')?.state, { timeout: 10_000, interval: 100 }).toBe('live');
      console.log(`[multistream] A live again ${Date.now() - back} ms after its server restarted`);
      expect(dest(s, 'a')!.reconnects).toBeGreaterThan(0);
      expect((await probeRtmp(`${a!.url}/${KEYS.a}`)).codecs).toEqual(['aac', 'h264']);

      const pids = [a!, b!, refusing!].flatMap((srv) => processesWith(`127.0.0.1:${srv.port}`));
      expect(pids.length).toBeGreaterThanOrEqual(2);
      expect(processesWith('livebridge-multistream-').length).toBe(1); // the one shared encode

      // The shared encode dies: it is restarted, and both destinations carry on from its next key frame.
      const [encoderPid] = processesWith('livebridge-multistream-');
      process.kill(encoderPid!, 'SIGKILL');
      await expect
        .poll(() => s.heard.at(-1)?.encoder.state, { timeout: 5000, interval: 50 })
        .toBe('restarting');
      await expect.poll(() => s.heard.at(-1)?.encoder.state, { timeout: 15_000 }).toBe('running');
      expect(processesWith('livebridge-multistream-')).not.toContain(encoderPid);
      expect(await framesFrom(`${b!.url}/${KEYS.b}`, 2)).toBeGreaterThan(30);
      expect([dest(s, 'a')?.state, dest(s, 'b')?.state]).toEqual(['live', 'live']);

      // The stream ends: every destination ends and every FFmpeg is gone.
      value(await s.host.emitWithAck('live:end', { roomId: s.roomId }));
      await expect
        .poll(() => s.heard.at(-1)?.destinations.map((d) => d.state), { timeout: 10_000 })
        .toEqual(['ended', 'ended', 'ended']);
      expect(s.heard.at(-1)!.encoder.state).toBe('ended');
      await expect
        .poll(
          () => [
            ...[a!, b!, refusing!].flatMap((srv) => processesWith(`127.0.0.1:${srv.port}`)),
            ...processesWith('livebridge-multistream-'),
          ],
          { timeout: 8000 },
        )
        .toEqual([]);
      expect(value(await s.studio.emitWithAck('multistream:get', { roomId: s.roomId }))).toMatchObject({
        encoder: { state: 'ended' },
      });

      // No status ever carried a stream key.
      const said = JSON.stringify([s.heard, s.staffHeard]);
      for (const key of Object.values(KEYS)) expect(said).not.toContain(key);
    },
  );

  it('without FFmpeg: every destination says why and the stream stays live; only the host may start it', async () => {
    const s = await session({ media: false, multistream: { ffmpeg: '/nonexistent/ffmpeg' } });
    const viewerTry = await s.studio.emitWithAck('multistream:start', {
      roomId: s.roomId,
      hostKey: 'not-the-host-key-at-all',
      destinations: [{ id: 'x', name: 'X', url: 'rtmp://127.0.0.1:1/live', key: 'k' }],
    });
    expect(viewerTry).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const status = value(
      await s.studio.emitWithAck('multistream:start', {
        roomId: s.roomId,
        hostKey: s.hostKey,
        destinations: [
          { id: 'yt', name: 'YouTube', url: 'rtmp://a.rtmp.youtube.com/live2', key: 'abcd-efgh' },
          { id: 'fb', name: 'Facebook', url: 'rtmps://live-api-s.facebook.com:443/rtmp', key: 'FB-1234' },
        ],
      }),
    );
    expect(status.destinations).toMatchObject([
      {
        id: 'yt',
        platform: 'youtube',
        state: 'error',
        error: 'no_ffmpeg',
        detail: expect.stringMatching(/FFmpeg/),
      },
      { id: 'fb', platform: 'facebook', state: 'error', error: 'no_ffmpeg' },
    ]);
    expect(status.encoder.state).toBe('error');
    const rooms = await s.backend.store.rooms.get(s.roomId);
    expect(rooms?.status).toBe('live');
    // The room's host and the ops see it; the one who started it gets it on request.
    expect(
      value(await s.studio.emitWithAck('multistream:get', { roomId: s.roomId }))?.destinations,
    ).toHaveLength(2);
    const viewer = await connectAs(s.backend.url, { role: 'viewer', room: s.roomId });
    cleanups.push(() => viewer.disconnect());
    expect(await viewer.emitWithAck('multistream:get', { roomId: s.roomId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    value(await s.studio.emitWithAck('multistream:stop', { roomId: s.roomId, id: 'fb' }));
    expect(
      value(await s.host.emitWithAck('multistream:get', { roomId: s.roomId }))?.destinations,
    ).toHaveLength(1);
    // Stopping them all ends the room's multistream: each one kept, said to have ended.
    const stopped = value(await s.studio.emitWithAck('multistream:stop', { roomId: s.roomId }));
    expect(stopped?.destinations.map((d) => [d.id, d.state])).toEqual([['yt', 'ended']]);
    expect(stopped?.encoder.state).toBe('ended');
  });
});
