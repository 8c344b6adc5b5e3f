// The host outbox against a stand-in backend: a real socket.io server on 127.0.0.1 that checks each push
// with the protocol's schema and answers as the contract says (acked: done with; an id not acked: send it
// again later; rejected: refused for good, and acked too).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  OutboxPushSchema,
  type ClientToServerEvents,
  type OutboxPushResult,
  type ServerToClientEvents,
} from '../../core/protocol/socket-events';
import { quietLogger } from '../../tests/support/quiet-logger';
import { StudioHost } from '../studio-host';
import { HostOutbox } from './host-outbox';

type PushedEvent = ReturnType<typeof OutboxPushSchema.parse>['events'][number];

describe('HostOutbox', () => {
  let httpServer: http.Server;
  let backend: Server<ClientToServerEvents, ServerToClientEvents>;
  let url: string;
  /** Every push the backend received, as the events it carried. */
  let pushes: PushedEvent[][] = [];
  /** How the backend answers a push; each test sets it. */
  let answer: (events: PushedEvent[]) => OutboxPushResult = (events) => ({
    acked: events.map((e) => e.id),
    rejected: [],
  });
  const opened: { close(): void }[] = [];

  beforeAll(async () => {
    httpServer = http.createServer();
    backend = new Server(httpServer);
    backend.on('connection', (socket) => {
      socket.on('outbox:push', (input, ack) => {
        const { events } = OutboxPushSchema.parse(input);
        pushes.push(events);
        ack({ ok: true, value: answer(events) });
      });
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    opened.splice(0).forEach((o) => o.close());
    pushes = [];
  });
  afterAll(async () => {
    await new Promise((resolve) => backend.close(resolve));
  });

  const openOutbox = async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
      transports: ['websocket'],
      reconnectionDelay: 50,
    });
    const outbox = new HostOutbox(':memory:', socket, quietLogger);
    opened.push({ close: () => (outbox.close(), socket.disconnect()) });
    await expect.poll(() => outbox.status().online).toBe(true);
    return outbox;
  };
  const pushesOf = (id: string) => pushes.filter((events) => events.some((e) => e.id === id)).length;

  it('keeps an event the backend could not apply yet, sends it again after a backoff, and drops it once acked', async () => {
    let applying = false;
    answer = (events) => ({
      acked: events.map((e) => e.id).filter((id) => applying || id !== 'pin-held-1'),
      rejected: [],
    });
    const outbox = await openOutbox();
    outbox.enqueue({ id: 'pin-held-1', roomId: 'room-1', type: 'product.pin', payload: { n: 1 } });
    outbox.enqueue({ id: 'pin-fine-2', roomId: 'room-1', type: 'product.pin', payload: { n: 2 } });

    await expect.poll(() => pushesOf('pin-held-1')).toBeGreaterThanOrEqual(1);
    await expect.poll(() => outbox.status().queued).toBe(1); // the other one was acked and is gone
    expect(outbox.status().lastError).toBe('the backend could not apply 1 queued actions yet; retrying');

    // Held back, it is retried on a growing backoff (250 ms, 500 ms, ...), not resent in a tight loop.
    await new Promise((r) => setTimeout(r, 1000));
    expect(pushesOf('pin-held-1')).toBeGreaterThanOrEqual(2);
    expect(pushesOf('pin-held-1')).toBeLessThanOrEqual(4);
    expect(outbox.status().queued).toBe(1);

    applying = true;
    await expect.poll(() => outbox.status().queued, { timeout: 10_000 }).toBe(0);
    expect(outbox.status().lastError).toBeNull();
    expect(pushesOf('pin-fine-2')).toBe(1);
    const sent = pushes.flat().filter((e) => e.id === 'pin-held-1');
    expect(sent.every((e) => e.type === 'product.pin' && e.roomId === 'room-1')).toBe(true);
  });

  it('deletes an event the backend refused (acked and rejected) and says why, a stale edit as a conflict', async () => {
    answer = (events) => ({
      acked: events.map((e) => e.id),
      rejected: events.map((e) =>
        e.type === 'product.patch'
          ? { id: e.id, code: 'conflict', message: 'the stock is 4 now, not 5' }
          : { id: e.id, code: 'forbidden', message: 'Wrong host key' },
      ),
    });
    const outbox = await openOutbox();
    outbox.enqueue({ id: 'pin-refused', roomId: 'room-1', type: 'product.pin', payload: {} });
    await expect.poll(() => outbox.status().queued).toBe(0);
    expect(outbox.status()).toMatchObject({ lastError: null, lastRejected: 'product.pin: Wrong host key' });
    expect(pushesOf('pin-refused')).toBe(1);

    outbox.enqueue({ id: 'patch-stale', roomId: 'room-1', type: 'product.patch', payload: {} });
    await expect.poll(() => outbox.status().lastRejected).toBe('conflict: the stock is 4 now, not 5');
    expect(outbox.status().queued).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(pushesOf('patch-stale')).toBe(1); // refused for good: never sent again
  });

  it('tells the studio when one event has left the queue: sent, refused by a rule (and why), or still queued', async () => {
    let holding = true;
    answer = (events) => ({
      acked: events.map((e) => e.id).filter((id) => !(holding && id === 'upsert-held')),
      rejected: events
        .filter((e) => e.id === 'mute-refused')
        .map((e) => ({ id: e.id, code: 'not_found', message: 'No such viewer' })),
    });
    const outbox = await openOutbox();
    outbox.enqueue({ id: 'upsert-held', roomId: 'room-1', type: 'product.upsert', payload: {} });
    outbox.enqueue({ id: 'mute-refused', roomId: 'room-1', type: 'mod.mute', payload: {} });
    // Not acknowledged yet: a short wait answers `queued`.
    expect(await outbox.whenSent('upsert-held', 200)).toEqual({ state: 'queued', message: null });
    await expect(outbox.whenSent('mute-refused', 5000)).resolves.toEqual({
      state: 'refused',
      message: 'No such viewer',
    });
    // A waiter is answered as soon as the event is acknowledged, not at its timeout.
    const started = Date.now();
    const waiting = outbox.whenSent('upsert-held', 10_000);
    holding = false;
    await expect(waiting).resolves.toEqual({ state: 'sent', message: null });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(await outbox.whenSent('never-queued', 1000)).toEqual({ state: 'sent', message: null });
  });

  it('sends a studio mark with its room and the host key that proves the room, and refuses one without', async () => {
    answer = (events) => ({ acked: events.map((e) => e.id), rejected: [] });
    const host = new StudioHost({
      mode: 'browser',
      serverUrl: url,
      userDataDir: mkdtempSync(path.join(os.tmpdir(), 'lb-outbox-mark-')),
      version: 't',
      logger: quietLogger,
      hostToken: 'host-token',
    });
    opened.push(host);
    const hostKey = 'k'.repeat(24);
    const before = Date.now();
    const marked = await host.invoke('analytics.mark', [{ roomId: 'room-1', hostKey, label: 'intro' }]);
    expect(marked).toMatchObject({ ok: true });
    const id = (marked as { value: { id: string } }).value.id;
    await expect.poll(() => pushesOf(id), { timeout: 10_000 }).toBe(1);
    const event = pushes.flat().find((e) => e.id === id)!;
    expect(event).toMatchObject({ roomId: 'room-1', type: 'analytics.mark' });
    expect(event.payload).toEqual({ hostKey, label: 'intro', at: expect.any(Number) });
    expect((event.payload as { at: number }).at).toBeGreaterThanOrEqual(before);

    for (const bad of [
      { roomId: null, hostKey, label: 'x' },
      { roomId: 'room-1', label: 'x' },
    ]) {
      expect(await host.invoke('analytics.mark', [bad])).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument' },
      });
    }
  });
});
