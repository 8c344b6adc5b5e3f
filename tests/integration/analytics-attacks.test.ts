// Bad analytics input against a real backend: a payload naming a viewer, an event flood, events for another
// room, resends, and viewers or hosts asking for ops data. Each is refused with a typed error and nothing
// extra is counted or stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../server/backend';
import { TRACK_LIMIT } from '../../server/modules/analytics';
import { ev, liveShop, track } from '../support/analytics-clients';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, value, type RoomSocket } from '../support/room-clients';
import { backendOnStore } from '../support/services';

describe('analytics attacks', () => {
  let backend: Backend;
  let close = async (): Promise<void> => undefined;
  const opened: RoomSocket[] = [];
  beforeAll(async () => {
    ({ backend, close } = await backendOnStore('sqlite', { logger: quietLogger, media: false }));
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await close();
  });
  const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
  /** Facts stored for a room once the node has flushed. */
  const storedFacts = async (roomId: string) => {
    await new Promise((r) => setTimeout(r, 600));
    return backend.store.analytics.facts(roomId);
  };

  it('refuses a payload that names a viewer, or a room other than the token names', async () => {
    const { room, product } = await liveShop(backend.url, opened);
    const other = await liveShop(backend.url, opened);
    const v = await connectViewer(backend.url, room.id, opened);
    const forged = await v.emitWithAck('analytics:track', {
      roomId: room.id,
      viewerId: 'someone-else',
      events: [ev({ type: 'presence', state: 'join' })],
    } as never);
    expect(code(forged)).toBe('invalid_argument');
    const inEvent = await v.emitWithAck('analytics:track', {
      roomId: room.id,
      events: [{ ...ev({ type: 'impression', productId: product.id }), viewer: 'x' }],
    } as never);
    expect(code(inEvent)).toBe('invalid_argument');
    const elsewhere = await track(v, other.room.id, [
      ev({ type: 'impression', productId: other.product.id }),
    ]);
    expect(code(elsewhere)).toBe('forbidden');
    expect(await storedFacts(other.room.id)).toEqual(
      // only the other room's own pin and live start: nothing from this viewer
      expect.not.arrayContaining([expect.objectContaining({ kind: 'impression' })]),
    );
    expect((await storedFacts(room.id)).filter((f) => f.viewer !== null)).toEqual([]);
  });

  it('counts a resent event once, and a flood only up to the connection budget', async () => {
    const { room, product } = await liveShop(backend.url, opened);
    const v = await connectViewer(backend.url, room.id, opened);
    const once = ev({ type: 'impression', productId: product.id });
    expect(value(await track(v, room.id, [once]))).toEqual({ counted: 1 });
    expect(value(await track(v, room.id, [once]))).toEqual({ counted: 0 });
    // Heartbeats are de-duplicated per connection: a resent one is counted (and stored) once too.
    const beat = ev({ type: 'presence', state: 'heartbeat' });
    expect(value(await track(v, room.id, [beat]))).toEqual({ counted: 1 });
    expect(value(await track(v, room.id, [beat]))).toEqual({ counted: 0 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        track(
          v,
          room.id,
          Array.from({ length: 20 }, () => ev({ type: 'click', productId: product.id, target: 'card' })),
        ),
      ),
    );
    const counted = answers.reduce((n, r) => n + (r.ok ? r.value.counted : 0), 0);
    expect(answers.filter((r) => code(r) === 'rate_limited').length).toBeGreaterThanOrEqual(7);
    expect(counted).toBeLessThanOrEqual(TRACK_LIMIT.burst);
    const stored = (await storedFacts(room.id)).filter((f) => f.viewer !== null);
    expect(stored.length).toBe(counted + 2); // the flood's counted clicks, the impression and the heartbeat
  });

  it('refuses viewer events from hosts and ops, and ops data to viewers and hosts', async () => {
    const { room, host } = await liveShop(backend.url, opened);
    const v = await connectViewer(backend.url, room.id, opened);
    const ops = await connectAs(backend.url, { role: 'ops' }, opened);
    for (const s of [host, ops]) {
      expect(code(await track(s, room.id, [ev({ type: 'presence', state: 'join' })]))).toBe('forbidden');
    }
    for (const s of [v, host]) {
      expect(code(await s.emitWithAck('ops:board', {}))).toBe('forbidden');
      expect(code(await s.emitWithAck('ops:room', { roomId: room.id }))).toBe('forbidden');
      expect(code(await s.emitWithAck('ops:unroom', { roomId: room.id }))).toBe('forbidden');
    }
    expect(code(await ops.emitWithAck('ops:room', { roomId: 'no-such-room' }))).toBe('not_found');
    // Nor do they get board pushes they did not ask for.
    const leaked: unknown[] = [];
    v.on('ops:board', (u) => leaked.push(u));
    host.on('ops:board', (u) => leaked.push(u));
    value(await track(v, room.id, [ev({ type: 'presence', state: 'join' })]));
    await new Promise((r) => setTimeout(r, 1500));
    expect(leaked).toEqual([]);
  });
});
