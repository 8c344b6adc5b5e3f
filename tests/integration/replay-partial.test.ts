// The replay of a stream whose backend was killed (closed without the stream ending): a new backend on the
// same SQLite file replays it as 'partial', up to the last thing stored; a stream that had ended while its
// replay was still finishing is finished by the new backend when asked for.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBackend } from '../../server/backend';
import { quietLogger } from '../support/quiet-logger';
import { buy, liveRoom } from '../support/replay-fixtures';
import { connectAs, connectViewer, testToken, value, type RoomSocket } from '../support/room-clients';
import { randomUUID } from 'node:crypto';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('replay of a stream whose backend was killed', () => {
  it(
    'is partial, up to the last thing stored, after a new backend opens the same database',
    { timeout: 60_000 },
    async () => {
      const sqliteFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-replay-kill-')), 'db.sqlite');
      const opened: RoomSocket[] = [];
      const sub = `host-${randomUUID()}`;
      const first = await startBackend({ sqliteFile, logger: quietLogger, media: false });
      let roomId: string;
      let lastOrderAt: number;
      let endedRoomId = '';
      try {
        const { room, scarf, host } = await liveRoom(first.url, opened, sub);
        roomId = room.id;
        value(await host.emitWithAck('product:pin', { roomId, productId: scarf.id }));
        const v = await connectViewer(first.url, roomId, opened);
        value(await v.emitWithAck('room:join', { roomId }));
        value(await v.emitWithAck('comment:send', { roomId, text: '围巾还有吗', clientId: 'v-00000001' }));
        lastOrderAt = (await buy(v, roomId, scarf.id, 2)).createdAt;
        // A second stream ends just before the backend goes: its replay was still finishing.
        const ended = await liveRoom(first.url, opened, sub);
        endedRoomId = ended.room.id;
        value(await ended.host.emitWithAck('live:end', { roomId: endedRoomId }));
        await sleep(400); // the analytics flush (250 ms)
      } finally {
        opened.forEach((s) => s.disconnect());
        await first.close(); // closed without ending the stream: as good as killed for the room
      }
      const second = await startBackend({ sqliteFile, logger: quietLogger, media: false });
      try {
        const host = await connectAs(
          second.url,
          { role: 'host', token: testToken('host', undefined, sub) },
          opened,
        );
        const detail = value(await host.emitWithAck('replay:get', { roomId }));
        expect(detail.item.state).toBe('partial');
        expect(detail.item.endedAt).toBeGreaterThanOrEqual(lastOrderAt);
        expect(detail.item).toMatchObject({ orders: 1, gmv: { USD: 3000 }, comments: 1, recorded: false });
        expect(detail.readyAt).not.toBeNull();
        expect(detail.segments).toHaveLength(1);
        expect(detail.recording.status).toMatchObject({ state: 'off' });
        // The stream that had ended is finished by the new backend when asked for.
        const states: string[] = [];
        host.on('replay:state', (e) => e.roomId === endedRoomId && states.push(e.state));
        const before = value(await host.emitWithAck('replay:get', { roomId: endedRoomId }));
        expect(before.item.state).toBe('finishing');
        await expect.poll(() => states.at(-1), { timeout: 20_000 }).toBe('ready');
        expect(value(await host.emitWithAck('replay:get', { roomId: endedRoomId })).item).toMatchObject({
          state: 'ready',
          endedAt: expect.any(Number),
        });
        const item = value(await host.emitWithAck('replay:list', {})).find((i) => i.roomId === roomId);
        expect(item).toMatchObject({ roomId, state: 'partial', orders: 1 });
        const found = value(await host.emitWithAck('replay:search', { roomId, q: '还有' }));
        expect(found.hits).toMatchObject([{ kind: 'comment', text: '围巾还有吗' }]);
      } finally {
        opened.forEach((s) => s.disconnect());
        await second.close();
      }
    },
  );
});
