// The studio host's half of multistreaming against a socket.io server of the test that speaks the real
// events (core/protocol/socket-events.ts, Result acks): the destinations saved through window.studio's
// methods, then, going live, the host's own socket sends 'multistream:start' with every destination that is
// on and its key, checked with the contract's schema as the backend checks it. The backend's pushing of
// RTMP is not in this branch; this proves what the host sends and that the page never gets a key.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MultistreamStartSchema,
  MultistreamStatusSchema,
  MultistreamStopSchema,
  type MultistreamStart,
  type MultistreamStatus,
} from '../../core/protocol/multistream';
import { fail, ok, type Result } from '../../core/protocol/result';
import type { Destination } from '../../core/protocol/multistream';
import { StudioHost } from '../../main/studio-host';
import { quietLogger } from '../support/quiet-logger';
import { testToken } from '../support/room-clients';

const HOST_KEY = 'h'.repeat(32);
const ROOM = 'room-ms-1';

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function statusFor(start: MultistreamStart): MultistreamStatus {
  return MultistreamStatusSchema.parse({
    roomId: start.roomId,
    encoder: { state: 'starting', reason: null, cpuPct: null },
    destinations: start.destinations.map((d) => ({
      id: d.id,
      name: d.name,
      platform: 'custom',
      state: 'connecting',
      error: null,
      detail: null,
      bitrateKbps: null,
      droppedFrames: 0,
      uptimeMs: 0,
      reconnects: 0,
      since: Date.now(),
    })),
    at: Date.now(),
  });
}

describe('the studio host sends its destinations to the backend when it goes live', () => {
  const starts: MultistreamStart[] = [];
  const stops: unknown[] = [];
  const tokens: string[] = [];
  let refuse: string | null = null;
  let server: Server;
  let httpServer: http.Server;
  let host: StudioHost;
  const hostToken = testToken('host');

  beforeAll(async () => {
    httpServer = http.createServer();
    server = new Server(httpServer);
    server.on('connection', (socket) => {
      tokens.push(String(socket.handshake.auth.token));
      socket.on('server:ping', (_input: unknown, ack: (r: Result<unknown>) => void) =>
        ack(ok({ at: Date.now() })),
      );
      socket.on('multistream:start', (input: unknown, ack: (r: Result<MultistreamStatus>) => void) => {
        const parsed = MultistreamStartSchema.safeParse(input);
        if (!parsed.success) return ack(fail('invalid_argument', parsed.error.message));
        if (refuse) return ack(fail('forbidden', refuse));
        starts.push(parsed.data);
        ack(ok(statusFor(parsed.data)));
      });
      socket.on('multistream:stop', (input: unknown, ack: (r: Result<null>) => void) => {
        const parsed = MultistreamStopSchema.safeParse(input);
        if (!parsed.success) return ack(fail('invalid_argument', parsed.error.message));
        stops.push(parsed.data);
        ack(ok(null));
      });
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    host = new StudioHost({
      mode: 'browser',
      serverUrl: `http://127.0.0.1:${port}`,
      userDataDir: mkdtempSync(path.join(os.tmpdir(), 'lb-ms-host-')),
      version: '0.0.0',
      logger: quietLogger,
      hostToken,
    });
    for (let i = 0; i < 100; i++) {
      const s = value<{ state: string }>(await host.invoke('backend.getStatus', []));
      if (s.state === 'connected') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    host?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('emits multistream:start with both enabled destinations and their keys, none to the page', async () => {
    const yt = value<Destination>(
      await host.invoke('multistream.save', [
        { name: 'YouTube', url: 'rtmp://a.rtmp.youtube.com/live2', key: 'yt-key-1234', enabled: true },
      ]),
    );
    const fb = value<Destination>(
      await host.invoke('multistream.save', [
        {
          name: 'Facebook',
          url: 'rtmps://live-api-s.facebook.com:443/rtmp/',
          key: 'FB-key-5678',
          enabled: true,
        },
      ]),
    );
    // Off, and without a key: stays home.
    value(
      await host.invoke('multistream.save', [
        { name: 'Later', url: 'rtmp://127.0.0.1/live', enabled: false },
      ]),
    );

    const listed = await host.invoke('multistream.list', []);
    expect(JSON.stringify(listed)).not.toMatch(/yt-key-1234|FB-key-5678/);

    const started = value<{ sent: number; status: MultistreamStatus | null }>(
      await host.invoke('multistream.start', [{ roomId: ROOM, hostKey: HOST_KEY }]),
    );
    expect(started.sent).toBe(2);
    expect(started.status?.destinations.map((d) => d.state)).toEqual(['connecting', 'connecting']);
    expect(starts).toEqual([
      {
        roomId: ROOM,
        hostKey: HOST_KEY,
        destinations: [
          { id: yt.id, name: 'YouTube', url: 'rtmp://a.rtmp.youtube.com/live2', key: 'yt-key-1234' },
          {
            id: fb.id,
            name: 'Facebook',
            url: 'rtmps://live-api-s.facebook.com:443/rtmp/',
            key: 'FB-key-5678',
          },
        ],
      },
    ]);
    // Over the host's own authenticated socket.
    expect(tokens).toContain(hostToken);

    value(await host.invoke('multistream.stop', [{ roomId: ROOM }]));
    expect(stops).toEqual([{ roomId: ROOM }]);
  });

  it("passes the backend's refusal back as its typed error", async () => {
    refuse = 'not your room';
    try {
      const r = await host.invoke('multistream.start', [{ roomId: ROOM, hostKey: HOST_KEY }]);
      expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: 'not your room' } });
    } finally {
      refuse = null;
    }
  });

  it('sends nothing when no destination is on', async () => {
    const list = value<Destination[]>(await host.invoke('multistream.list', []));
    for (const d of list.filter((x) => x.enabled)) {
      value(await host.invoke('multistream.save', [{ id: d.id, name: d.name, url: d.url, enabled: false }]));
    }
    const before = starts.length;
    const r = value<{ sent: number }>(
      await host.invoke('multistream.start', [{ roomId: ROOM, hostKey: HOST_KEY }]),
    );
    expect(r.sent).toBe(0);
    expect(starts).toHaveLength(before);
  });
});
