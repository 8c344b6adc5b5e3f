// The clients' side of the server-to-client schemas, over a real socket.io server on 127.0.0.1 that sends
// what a broken or hostile backend might: the studio's and viewer's RoomClient and the host's BackendLink
// drop each malformed payload (counted, warned about once per event type) and still deliver the next valid
// one, in order; nothing throws out of the socket.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCommentFrame, toCommentTuple, type Order } from '../../core/protocol/room-events';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/socket-events';
import { BackendLink } from '../../main/sync/backend-link';
import { RoomClient } from '../../renderer/media/room-client';

const order: Order = {
  id: 'o1',
  roomId: 'r1',
  productId: 'p1',
  buyerId: 'u1',
  quantity: 1,
  currency: 'USD',
  amountMinor: 500,
  status: 'placed',
  createdAt: 1,
  updatedAt: 1,
};
const frame = (id: string, text: string) =>
  encodeCommentFrame('r1', [toCommentTuple({ id, t: 5, a: 'u1', n: 'Ana', text, k: 'v' })], 0);

/** Sends through the untyped emit: the point is to send what the types forbid. */
const send = (socket: ServerSocket, event: string, payload: unknown) =>
  (socket as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);

describe('server events as clients receive them', () => {
  let httpServer: http.Server;
  let backend: Server<ClientToServerEvents, ServerToClientEvents>;
  let url: string;
  let connected: Promise<ServerSocket>;
  let onConnection: (s: ServerSocket) => void = () => undefined;

  beforeAll(async () => {
    httpServer = http.createServer();
    backend = new Server(httpServer);
    backend.on('connection', (s) => onConnection(s));
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => backend.close(resolve));
  });
  const nextConnection = () => {
    connected = new Promise((resolve) => (onConnection = resolve));
  };
  afterEach(() => vi.restoreAllMocks());

  it('RoomClient drops malformed frames, warns once per event type, and delivers the next valid one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    nextConnection();
    const client = new RoomClient({ serverUrl: url, role: 'viewer', token: 'link-token' });
    const server = await connected;
    const orders: Order[] = [];
    const texts: string[] = [];
    client.onServer('order:update', (o) => orders.push(o));
    client.onServer('comment:batch', (f) => {
      if (f.c[0]?.[4] === 'boom') throw new Error('a handler bug');
      texts.push(...f.c.map((c) => c[4]));
    });
    client.onServer('session:identity', () => undefined);

    send(server, 'order:update', { ...order, status: 'shipped' }); // unknown enum value
    send(server, 'order:update', { ...order, amountMinor: '500' }); // wrong type
    send(server, 'comment:batch', { r: 'r1' }); // missing field
    send(server, 'comment:batch', frame('c0', 'boom')); // valid, but its handler throws
    send(server, 'session:identity', { token: 'stolen', roomId: 'r1' }); // missing fields
    send(server, 'order:update', { ...order, status: 'paid' });
    send(server, 'comment:batch', frame('c1', `<img src=x onerror=alert(1)>${'x'.repeat(10_000)}`));

    await expect.poll(() => texts.length).toBe(1);
    expect(orders.map((o) => o.status)).toEqual(['paid']);
    expect(texts[0]).toMatch(/^<img src=x/);
    expect(client.droppedServerEvents('order:update')).toBe(2);
    expect(client.droppedServerEvents('comment:batch')).toBe(1);
    expect(client.droppedServerEvents()).toBe(4);
    // One warning per event type, however many of that type were dropped.
    expect(warn.mock.calls.map(([m]) => String(m).match(/malformed (\S+)/)?.[1])).toEqual([
      'order:update',
      'comment:batch',
      'session:identity',
    ]);
    expect(error).toHaveBeenCalledTimes(1);
    // The malformed identity never replaced the token the client presents.
    expect(client.currentToken).toBe('link-token');
    expect(client.socket.connected).toBe(true);
    client.close();
  });

  it('BackendLink drops malformed events with a structured log entry and delivers the next valid one', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    nextConnection();
    const link = new BackendLink(url, 'host-token', pino({ level: 'warn' }, sink));
    const server = await connected;
    const demands: Record<string, number>[] = [];
    const off = link.on('caption:demand', (d) => demands.push(d.languages));

    send(server, 'caption:demand', { roomId: 'r1', languages: { es: 'many' } });
    send(server, 'caption:demand', { roomId: 'r1' });
    send(server, 'caption:demand', { roomId: 'r1', languages: { es: 2 } });
    await expect.poll(() => demands).toEqual([{ es: 2 }]);
    expect(link.droppedServerEvents('caption:demand')).toBe(2);
    const warned = lines.filter((l) => l.event === 'caption:demand');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 40, url, dropped: 1 });
    expect(warned[0]!.msg).toMatch(/malformed caption:demand/);

    off();
    send(server, 'caption:demand', { roomId: 'r1', languages: { ja: 1 } });
    await new Promise((r) => setTimeout(r, 100));
    expect(demands).toHaveLength(1);
    link.close();
  });
});
