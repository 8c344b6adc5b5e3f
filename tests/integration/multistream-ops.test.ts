// A room's restream destinations for ops, against a real backend (socket.io, SQLite) without FFmpeg (every
// destination fails with no_ffmpeg at once, so no RTMP server is needed): the board tile counts them and
// their trouble, ops watching the room hear each status and may ask for it, and removing one is counted.
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardTile, BoardUpdate } from '../../core/protocol/analytics-events';
import type { MultistreamStatus } from '../../core/protocol/multistream';
import { startBackend } from '../../server/backend';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, testToken, value, type RoomSocket } from '../support/room-clients';

describe('multistream for ops', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('counts the destinations on the board tile and tells ops watching the room each status', async () => {
    const backend = await startBackend({
      sqliteFile: ':memory:',
      logger: quietLogger,
      media: false,
      multistream: { ffmpeg: '/nonexistent/ffmpeg' },
    });
    cleanups.push(() => backend.close());
    const opened: RoomSocket[] = [];
    cleanups.push(() => opened.forEach((s) => s.disconnect()));
    const host = await connectAs(backend.url, { role: 'host' }, opened);
    const { room, hostKey } = value(
      await host.emitWithAck('room:create', { title: 'Multi', hostLanguage: 'en' }),
    );
    const roomId = room.id;
    value(await host.emitWithAck('live:start', { roomId }));

    const ops = await connectAs(
      backend.url,
      { role: 'ops', token: testToken('ops', undefined, 'ops-multistream') },
      opened,
    );
    const tiles: BoardTile[] = [];
    const statuses: MultistreamStatus[] = [];
    ops.on('ops:board', (u: BoardUpdate) => tiles.push(...u.tiles.filter((t) => t.roomId === roomId)));
    ops.on('multistream:status', (s) => s.roomId === roomId && statuses.push(s));
    const board = value(await ops.emitWithAck('ops:board', {}));
    expect(board.find((t) => t.roomId === roomId)?.restream).toBeNull();
    value(await ops.emitWithAck('ops:room', { roomId }));
    expect(value(await ops.emitWithAck('multistream:get', { roomId }))).toBeNull();

    value(
      await host.emitWithAck('multistream:start', {
        roomId,
        hostKey,
        destinations: [
          { id: 'yt', name: 'YouTube', url: 'rtmp://a.rtmp.youtube.com/live2', key: 'abcd-efgh' },
          { id: 'tw', name: 'Twitch', url: 'rtmp://live.twitch.tv/app', key: 'live_1234' },
        ],
      }),
    );
    await expect
      .poll(() => tiles.at(-1)?.restream, { timeout: 5_000 })
      .toEqual({
        live: 0,
        total: 2,
        trouble: 2,
      });
    await expect.poll(() => statuses.at(-1)?.destinations.length, { timeout: 5_000 }).toBe(2);
    expect(statuses.at(-1)?.destinations.map((d) => [d.id, d.state, d.error])).toEqual([
      ['yt', 'error', 'no_ffmpeg'],
      ['tw', 'error', 'no_ffmpeg'],
    ]);
    const got = value(await ops.emitWithAck('multistream:get', { roomId }));
    expect(got?.destinations.map((d) => d.platform)).toEqual(['youtube', 'twitch']);

    value(await host.emitWithAck('multistream:stop', { roomId, id: 'tw' }));
    await expect
      .poll(() => tiles.at(-1)?.restream, { timeout: 5_000 })
      .toEqual({
        live: 0,
        total: 1,
        trouble: 1,
      });
    // Stopping them all ends them: still counted, none live, none in trouble.
    value(await host.emitWithAck('multistream:stop', { roomId }));
    await expect
      .poll(() => tiles.at(-1)?.restream, { timeout: 5_000 })
      .toEqual({ live: 0, total: 1, trouble: 0 });
  });
});
