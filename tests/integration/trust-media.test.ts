// The security review's media findings, replayed with the real mediasoup worker on SQLite and PostgreSQL:
// one viewer on many sockets exhausting a 40-port range, and 300 rooms that went live, got a comment and
// ended leaving their routers and room state behind. Both must now fail to do harm, counted on the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../server/backend';
import { sfuConfigFromEnv } from '../../server/sfu/sfu-config';
import { mediasoupUnavailableReason } from '../support/media';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, value, type RoomSocket } from '../support/room-clients';
import { backendOnStore, postgresReachable } from '../support/services';

const noMedia = mediasoupUnavailableReason();
if (noMedia) console.warn(`[trust media attacks] skipped: ${noMedia}`);
const pgSkip = noMedia ? null : await postgresReachable();
if (pgSkip) console.warn(`[trust media attacks] PostgreSQL run skipped: ${pgSkip}`);

/** Routers the worker itself reports, not our count of them. */
async function routersOnWorkers(backend: Backend): Promise<number> {
  if (typeof backend.sfu === 'string') throw new Error(backend.sfu);
  const dumps = await Promise.all(backend.sfu.pool.workers().map((w) => w.worker.dump()));
  return dumps.reduce((n, d) => n + d.routerIds.length, 0);
}

const PORTS = 40;
const ROOMS = 300;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(noMedia !== null || (kind === 'postgres' && pgSkip !== null))(
    `media attacks on ${kind}`,
    () => {
      let backend: Backend;
      let close = async (): Promise<void> => undefined;
      const opened: RoomSocket[] = [];

      beforeAll(async () => {
        // A 40-port range, as in the review; a port block of its own per store so the two runs never meet.
        const rtcMinPort = kind === 'sqlite' ? 47100 : 47200;
        ({ backend, close } = await backendOnStore(kind, {
          logger: quietLogger,
          media: { ...sfuConfigFromEnv(), numWorkers: 1, rtcMinPort, rtcMaxPort: rtcMinPort + PORTS - 1 },
        }));
      });
      afterAll(async () => {
        opened.forEach((s) => s.disconnect());
        await close();
      });

      it('one viewer on 15 sockets cannot take the ports: capped per person, an honest viewer still gets in', async () => {
        const host = await connectAs(backend.url, { role: 'host' }, opened);
        const { room } = value(await host.emitWithAck('room:create', { title: 'Ports', hostLanguage: 'en' }));
        value(await host.emitWithAck('live:start', { roomId: room.id }));
        const first = await connectViewer(backend.url, room.id, opened);
        const sockets: RoomSocket[] = [first];
        for (let i = 1; i < 15; i++) {
          sockets.push(await connectAs(backend.url, { role: 'viewer', token: first.session.token }, opened));
        }
        const codes: string[] = [];
        let transports = 0;
        for (const s of sockets) {
          for (let k = 0; k < 4; k++) {
            if (!s.connected) {
              codes.push('disconnected');
              continue;
            }
            const join = await s
              .timeout(2000)
              .emitWithAck('room:join', { roomId: room.id })
              .catch(() => null);
            if (!join?.ok) continue;
            const r = await s
              .timeout(2000)
              .emitWithAck('sfu:createTransport', { roomId: room.id, direction: 'recv' })
              .catch(() => null);
            if (r?.ok) transports++;
            else if (r) codes.push(r.error.code);
          }
        }
        // Only the person's newest 4 connections stay open, and together they hold at most 4 transports.
        expect(sockets.filter((s) => s.connected)).toHaveLength(4);
        expect(transports).toBeLessThanOrEqual(4);
        expect(codes).toContain('capacity');
        expect(codes).not.toContain('internal');
        const honest = await connectViewer(backend.url, room.id, opened);
        value(await honest.emitWithAck('room:join', { roomId: room.id }));
        const mine = await honest.emitWithAck('sfu:createTransport', { roomId: room.id, direction: 'recv' });
        expect(mine.ok).toBe(true);
        value(await host.emitWithAck('live:end', { roomId: room.id }));
      });

      it(
        `${ROOMS} rooms that went live, got a comment and ended leave no router, mood or rule cache behind`,
        { timeout: 120_000 },
        async () => {
          const before = backend.gateway.stats();
          const routersBefore = await routersOnWorkers(backend);
          const one = async (i: number) => {
            // A studio per room: one studio's request rate is limited, and it goes when its room ends.
            const host = await connectAs(backend.url, { role: 'host' }, opened);
            const { room } = value(
              await host.emitWithAck('room:create', { title: `R${i}`, hostLanguage: 'en' }),
            );
            value(await host.emitWithAck('live:start', { roomId: room.id }));
            const viewer = await connectViewer(backend.url, room.id, opened);
            value(await viewer.emitWithAck('room:join', { roomId: room.id }));
            value(await viewer.emitWithAck('sfu:getRtpCapabilities', { roomId: room.id }));
            value(await viewer.emitWithAck('sfu:createTransport', { roomId: room.id, direction: 'recv' }));
            value(
              await viewer.emitWithAck('comment:send', {
                roomId: room.id,
                text: `hi ${i}`,
                clientId: `c-${i}-00000000`,
              }),
            );
            value(await host.emitWithAck('live:end', { roomId: room.id }));
            viewer.disconnect();
            host.disconnect();
          };
          for (let i = 0; i < ROOMS; i += 10) {
            await Promise.all(Array.from({ length: 10 }, (_, k) => one(i + k)));
          }
          // Released by the rooms' ends, not by the idle sweep (ten minutes by default). Analytics holds an
          // ended room until the 10 s bucket of its end has closed (up to 12 s), and may have let an earlier
          // test's room go meanwhile: at most as many as before, never the 300.
          await expect
            .poll(() => backend.gateway.stats(), { timeout: 20_000, interval: 500 })
            .toEqual({ ...before, commentRooms: 0, analyticsRooms: expect.any(Number) });
          await expect
            .poll(() => backend.gateway.stats().analyticsRooms, { timeout: 20_000, interval: 500 })
            .toBeLessThanOrEqual(before.analyticsRooms);
          expect(await routersOnWorkers(backend)).toBe(routersBefore);
        },
      );

      it('a room left open but idle releases its router; going live again makes a new one', async () => {
        const host = await connectAs(backend.url, { role: 'host' }, opened);
        const { room } = value(await host.emitWithAck('room:create', { title: 'Idle', hostLanguage: 'en' }));
        const viewer = await connectViewer(backend.url, room.id, opened);
        value(await viewer.emitWithAck('room:join', { roomId: room.id }));
        const base = await routersOnWorkers(backend);
        value(await viewer.emitWithAck('sfu:getRtpCapabilities', { roomId: room.id }));
        expect(await routersOnWorkers(backend)).toBe(base + 1);
        await new Promise((r) => setTimeout(r, 350));
        await backend.gateway.sweepIdle(300);
        expect(await routersOnWorkers(backend)).toBe(base);
        value(await host.emitWithAck('sfu:createTransport', { roomId: room.id, direction: 'send' }));
        expect(await routersOnWorkers(backend)).toBe(base + 1);
        value(await host.emitWithAck('live:end', { roomId: room.id }));
        expect(await routersOnWorkers(backend)).toBe(base);
      });
    },
  );
}
