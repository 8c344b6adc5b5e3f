// Host presence with two gateway nodes on one Redis (and one store): whichever node a viewer is on, it sees
// the host that is connected to the other one, and sees it go.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoomStateEvent } from '../../core/protocol/socket-events';
import { quietLogger } from '../../tests/support/quiet-logger';
import { connectAs, connectViewer, value, type RoomSocket } from '../../tests/support/room-clients';
import { redisReachable, REDIS_URL } from '../../tests/support/services';
import { startBackend, type Backend } from '../backend';

const redisSkip = await redisReachable();
if (redisSkip) console.warn(`[host presence tests] skipped: ${redisSkip}`);

describe.skipIf(redisSkip !== null)('host presence with two gateway nodes', () => {
  const opened: RoomSocket[] = [];
  let a: Backend;
  let b: Backend;
  beforeEach(async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-presence-')), 'shared.sqlite');
    const node = () =>
      startBackend({ sqliteFile: file, redisUrl: REDIS_URL, logger: quietLogger, media: false });
    a = await node();
    b = await node();
  });
  afterEach(async () => {
    opened.splice(0).forEach((s) => s.disconnect());
    await a.close();
    await b.close();
  });

  const hostRoom = async (url: string) => {
    const host = await connectAs(url, { role: 'host' }, opened);
    const { room, hostKey } = value(
      await host.emitWithAck('room:create', { title: 'Presence', hostLanguage: 'en' }),
    );
    value(await host.emitWithAck('live:start', { roomId: room.id }));
    return { host, room, hostKey };
  };
  /** A fresh viewer on `url` joins the room: does its join answer say the host is connected? */
  const hostSeenFrom = async (url: string, roomId: string) => {
    const viewer = await connectViewer(url, roomId, opened);
    return value(await viewer.emitWithAck('room:join', { roomId })).hostConnected;
  };
  const watch = async (url: string, roomId: string) => {
    const viewer = await connectViewer(url, roomId, opened);
    const states: RoomStateEvent[] = [];
    viewer.on('room:state', (s) => states.push(s));
    const joined = value(await viewer.emitWithAck('room:join', { roomId }));
    return { joined, states };
  };

  it('a viewer on node B sees the host that is connected to node A, and sees it leave and come back', async () => {
    const { host, room, hostKey } = await hostRoom(a.url);
    const onB = await watch(b.url, room.id);
    expect(onB.joined.hostConnected).toBe(true);

    host.disconnect();
    await expect.poll(() => onB.states.at(-1)?.hostConnected).toBe(false);
    expect(await hostSeenFrom(b.url, room.id)).toBe(false);

    const back = await connectAs(a.url, { role: 'host' }, opened);
    value(await back.emitWithAck('room:join', { roomId: room.id, hostKey }));
    await expect.poll(() => onB.states.at(-1)?.hostConnected).toBe(true);
    expect(await hostSeenFrom(b.url, room.id)).toBe(true);
  });

  it('a host that reconnects to node B stays present when its old connection on node A drops', async () => {
    const { host: onA, room, hostKey } = await hostRoom(a.url);
    const viewerOnA = await watch(a.url, room.id);
    const onB = await connectAs(b.url, { role: 'host' }, opened);
    expect(value(await onB.emitWithAck('room:join', { roomId: room.id, hostKey })).isHost).toBe(true);

    onA.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    expect(viewerOnA.states.map((s) => s.hostConnected)).not.toContain(false);
    expect(await hostSeenFrom(a.url, room.id)).toBe(true);

    onB.disconnect();
    await expect.poll(() => viewerOnA.states.at(-1)?.hostConnected).toBe(false);
    expect(await hostSeenFrom(a.url, room.id)).toBe(false);
  });

  it('when the host’s node shuts down, a viewer on the other node sees the host leave', async () => {
    const { room } = await hostRoom(a.url);
    const onB = await watch(b.url, room.id);
    expect(onB.joined.hostConnected).toBe(true);
    await a.close();
    await expect.poll(() => onB.states.at(-1)?.hostConnected).toBe(false);
    expect(await hostSeenFrom(b.url, room.id)).toBe(false);
  });
});
