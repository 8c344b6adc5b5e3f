// The board tile's restream counts over a real (SQLite) store: told on the bus by the node the room's
// multistream runs on, heard by every node's hub (relayed), shown on the tile, and the tile marked changed
// only when the counts change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quietLogger } from '../../tests/support/quiet-logger';
import type { GatewayServer } from '../gateway-types';
import { RoomBus, type RelayedRoomEvent } from '../modules/room-bus';
import { openStore, type StudioStore } from '../store/store';
import { AnalyticsHub } from './analytics-hub';
import { NO_SOURCES, OpsBoard } from './ops-board';
import { liveFact } from './viewer-facts';

let store: StudioStore;
const closing: (() => unknown)[] = [];
beforeEach(async () => {
  store = await openStore({ sqliteFile: ':memory:' });
  await store.migrate();
});
afterEach(async () => {
  for (const c of closing.splice(0).reverse()) await c();
  await store.close();
});

const NOW = 1_700_000_000_000;

/** One gateway node's bus, hub and board, its hub hearing the summaries as the analytics module wires it. */
function node() {
  const bus = new RoomBus(quietLogger);
  const hub = new AnalyticsHub({
    repo: store,
    bus,
    log: quietLogger,
    listener: { closed: () => undefined, liveChanged: () => undefined },
    clock: () => NOW,
  });
  const board = new OpsBoard({} as GatewayServer, hub, store, () => null, NO_SOURCES);
  closing.push(
    () => hub.close(),
    () => board.close(),
  );
  bus.onAnyNode('multistream:summary', ({ roomId, restream }) => hub.restream(roomId, restream));
  return { bus, hub, board };
}

describe('the restream counts on the board tile', () => {
  it('is null until the room has destinations, then carries their counts', () => {
    const { hub, board } = node();
    hub.record(liveFact('r1', 'start', NOW, { title: 'Spring sale' }));
    const entry = hub.rooms.get('r1')!;
    expect(board.tile('r1', entry, NOW).restream).toBeNull();

    entry.dirty = false;
    hub.restream('r1', { live: 2, total: 3, trouble: 1 });
    expect(entry.dirty).toBe(true);
    expect(board.tile('r1', entry, NOW).restream).toEqual({ live: 2, total: 3, trouble: 1 });

    // The host removed every destination: no restream in this room any more.
    hub.restream('r1', null);
    expect(board.tile('r1', entry, NOW).restream).toBeNull();
  });

  it('marks the tile changed only when the counts change (a summary told again is no news)', () => {
    const { hub } = node();
    hub.record(liveFact('r1', 'start', NOW));
    const entry = hub.rooms.get('r1')!;
    hub.restream('r1', { live: 1, total: 2, trouble: 0 });
    entry.dirty = false;
    hub.restream('r1', { live: 1, total: 2, trouble: 0 });
    expect(entry.dirty).toBe(false);
    hub.restream('r1', { live: 1, total: 2, trouble: 1 });
    expect(entry.dirty).toBe(true);
  });

  it('never brings back a room this node does not hold', () => {
    const { hub } = node();
    hub.restream('gone', { live: 1, total: 1, trouble: 0 });
    expect(hub.rooms.has('gone')).toBe(false);
  });

  it('reaches the tile on another gateway node (the summary is relayed)', async () => {
    const a = node();
    const b = node();
    a.bus.relayTo((e: RelayedRoomEvent) => void b.bus.receive(e));
    b.hub.record(liveFact('r1', 'start', NOW));
    await a.bus.emit('multistream:summary', { roomId: 'r1', restream: { live: 0, total: 2, trouble: 2 } });
    const entry = b.hub.rooms.get('r1')!;
    expect(b.board.tile('r1', entry, NOW).restream).toEqual({ live: 0, total: 2, trouble: 2 });
  });
});
