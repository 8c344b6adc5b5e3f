import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { Identities } from '../auth/viewer-identity';
import type { GatewayServer } from '../gateway-types';
import { DEFAULT_CAPACITY } from '../sfu/capacity';
import type { StudioStore } from '../store/store';
import { RoomBus } from './room-bus';
import { startModules, type ModuleContext, type ServerModule } from './server-module';

const log = pino({ level: 'silent' });

async function context(): Promise<{ ctx: ModuleContext; url: string }> {
  const server = http.createServer();
  const io: GatewayServer = new Server(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ctx: ModuleContext = {
    io,
    repo: {} as StudioStore,
    bus: new RoomBus(log),
    identities: new Identities('x'.repeat(32)),
    log,
    config: { clustered: false, limits: DEFAULT_CAPACITY, idleMs: 60_000 },
  };
  return { ctx, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function recording(name: string, events: string[]): ServerModule {
  return {
    name,
    attach: () => ({
      onConnection: () => {
        events.push(`${name} connected`);
        return () => events.push(`${name} released`);
      },
      stats: () => (name === 'a' ? { commentRooms: 2 } : { routers: 1 }),
      close: () => void events.push(`${name} closed`),
    }),
  };
}

describe('module host', () => {
  it('offers each connection to the modules in order, and releases it when it closes', async () => {
    const { ctx, url } = await context();
    const events: string[] = [];
    const host = startModules(ctx, [recording('a', events), recording('b', events)]);
    const client = connect(url, { transports: ['websocket'], reconnection: false });
    await expect.poll(() => events).toEqual(['a connected', 'b connected']);
    client.disconnect();
    await expect.poll(() => events.length).toBe(4);
    expect(events.slice(2)).toEqual(['a released', 'b released']);
    expect(host.stats()).toMatchObject({ commentRooms: 2, routers: 1, mediaRooms: 0 });
    await host.close();
    ctx.io.close(); // and its http server
  });

  it('closes every module once, last attached first, even when one fails or close is called twice', async () => {
    const { ctx } = await context();
    const events: string[] = [];
    const failing: ServerModule = {
      name: 'failing',
      attach: () => ({
        close: () => {
          events.push('failing closed');
          throw new Error('boom');
        },
      }),
    };
    const host = startModules(ctx, [recording('a', events), failing, recording('b', events)]);
    await Promise.all([host.close(), host.close()]);
    await host.close();
    expect(events).toEqual(['b closed', 'failing closed', 'a closed']);
    ctx.io.close(); // and its http server
  });
});
