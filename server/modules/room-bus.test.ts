import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Room } from '../../core/protocol/socket-events';
import { RoomBus, type RelayedRoomEvent } from './room-bus';

const room: Room = { id: 'r1', title: 'T', hostLanguage: 'en', status: 'ended', createdAt: 1 };

function recordingLog() {
  const lines: { msg: string; type?: string; err?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

describe('room event bus', () => {
  it('tells each subscriber of a type, in order, and no longer after its disposer ran', async () => {
    const bus = new RoomBus(recordingLog().log);
    const seen: string[] = [];
    bus.on('room:ended', (e) => void seen.push(`first ${e.roomId}`));
    const stop = bus.on('room:ended', (e) => void seen.push(`second ${e.roomId}`));
    bus.on('room:live', () => void seen.push('wrong type'));
    await bus.emit('room:ended', { roomId: 'r1', room });
    stop();
    stop(); // twice is harmless
    await bus.emit('room:ended', { roomId: 'r2', room: null });
    expect(seen).toEqual(['first r1', 'second r1', 'first r2']);
  });

  it('logs a subscriber that throws or rejects; the emitter and the other subscribers carry on', async () => {
    const { log, lines } = recordingLog();
    const bus = new RoomBus(log);
    const seen: string[] = [];
    bus.on('order:changed', () => {
      throw new Error('sync boom');
    });
    bus.on('order:changed', async () => {
      await Promise.resolve();
      throw new Error('async boom');
    });
    bus.on('order:changed', () => void seen.push('after'));
    const order = { id: 'o1', roomId: 'r1' } as never;
    await expect(bus.emit('order:changed', { roomId: 'r1', order })).resolves.toBeUndefined();
    expect(seen).toEqual(['after']);
    expect(lines.map((l) => [l.msg, l.type, l.err])).toEqual([
      ['room event subscriber failed', 'order:changed', 'Error: sync boom'],
      ['room event subscriber failed', 'order:changed', 'Error: async boom'],
    ]);
  });

  it('resolves emit once async subscribers are done, so an emitter can wait for the cleanup it starts', async () => {
    const bus = new RoomBus(recordingLog().log);
    let released = false;
    bus.on('room:ended', async () => {
      await new Promise((r) => setTimeout(r, 20));
      released = true;
    });
    await bus.emit('room:ended', { roomId: 'r1', room });
    expect(released).toBe(true);
  });

  it('relays only the relayed types; a peer’s event reaches onAnyNode subscribers, never on', async () => {
    const sent: RelayedRoomEvent[] = [];
    const origin = new RoomBus(recordingLog().log);
    origin.relayTo((e) => sent.push(e));
    await origin.emit('room:ended', { roomId: 'r1', room });
    await origin.emit('order:changed', { roomId: 'r1', order: {} as never });
    expect(sent.map((e) => e.type)).toEqual(['room:ended']);

    const peer = new RoomBus(recordingLog().log);
    const local: string[] = [];
    const any: boolean[] = [];
    peer.on('room:ended', () => void local.push('on'));
    peer.onAnyNode('room:ended', (_, { fromPeer }) => void any.push(fromPeer));
    await peer.receive(sent[0]!);
    await peer.emit('room:ended', { roomId: 'r2', room: null });
    expect(local).toEqual(['on']); // its own event only: across the cluster each event reaches it once
    expect(any).toEqual([true, false]);
    // A type that is never relayed is not taken from a peer either.
    const orders: unknown[] = [];
    peer.onAnyNode('order:changed', (e) => void orders.push(e));
    await peer.receive({ type: 'order:changed', event: { roomId: 'r1', order: {} as never } });
    expect(orders).toEqual([]);
  });
});
