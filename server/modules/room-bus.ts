// The room event bus: what happened to a room, told once by the module that made it happen (after its store
// write succeeded), to whichever modules care (release a router, count a mood, and later analytics, the
// recorder, compliance, recommendation). In-process and typed; a subscriber that throws is logged and
// neither the emitter nor the other subscribers notice.
//
// With several gateway nodes, some events are also relayed to the other nodes, whose caches depend on them
// (RELAYED). `on` hears only events that happened on this node, so across the cluster each event reaches it
// once: what analytics wants. `onAnyNode` also hears the relayed ones from the other nodes: what a per-node
// cache wants (a room's router or rules, the whole room's mood).
import type { AnalyticsFact } from '../../core/metrics/facts';
import type { Alert, RestreamSummary, RoomMetrics, StreamHealth } from '../../core/protocol/analytics-events';
import type { Caption } from '../../core/protocol/captions';
import type { ComplianceViolation } from '../../core/protocol/compliance';
import type { ModerationInput, ModerationState, Order, Product } from '../../core/protocol/room-events';
import type { MediaKind, Room } from '../../core/protocol/socket-events';
import type { Logger } from '../log';
import type { NewComment } from '../store/store';

export interface RoomEvents {
  'room:created': { roomId: string; room: Room };
  'room:live': { roomId: string; room: Room };
  /** Every node releases what it holds for the room: router, mood, cached rules. */
  'room:ended': { roomId: string; room: Room | null };
  /** A connection became the room's host (created it, joined with its key, or went live) at `at` (ms). */
  'host:joined': { roomId: string; socketId: string; at: number };
  /** The room's host connection left: it disconnected, or another connection of the host replaced it. */
  'host:left': { roomId: string; socketId: string; reason: 'disconnected' | 'replaced' };
  /** A banned person's connection on this node was taken out of the room. */
  'member:evicted': { roomId: string; socketId: string; handle: string };
  'producer:opened': { roomId: string; producerId: string; kind: MediaKind; socketId: string };
  'producer:closed': { roomId: string; producerId: string };
  /** A comment passed moderation, was analysed and is stored. */
  'comment:accepted': { roomId: string; comment: NewComment };
  'comment:deleted': { roomId: string; commentId: string };
  /** The room's rules changed (words, mutes, bans, slow mode): `input` says how, `state` is the result. */
  'moderation:changed': { roomId: string; input: ModerationInput; state: ModerationState };
  /** The catalog entry was edited (upsert, pin, price or stock patch); stock moved by orders is order:changed. */
  'product:changed': { roomId: string; product: Product };
  /** An order was placed or changed state (paying, paid, cancelled, refunding, refunded). */
  'order:changed': { roomId: string; order: Order };
  /**
   * A rollup bucket closed: the room's metrics over the last 10 min and the 10 min before (every node
   * computes the same from the relayed viewer events, so subscribers must be idempotent across nodes).
   */
  'analytics:window': { roomId: string; at: number; last: RoomMetrics; previous: RoomMetrics };
  /**
   * Analytics facts made on one node (viewer events, and facts from this node's comments, orders, pins),
   * relayed in batches so every node holds every room's whole state. `roomId` is '*': a batch spans rooms.
   */
  'analytics:facts': { roomId: string; facts: AnalyticsFact[] };
  /** The host's studio reported its stream's health. */
  'stream:health': { roomId: string; health: StreamHealth; at: number };
  /** An alert was raised, cleared or acknowledged. */
  'alert:changed': { roomId: string; alert: Alert };
  /** The host published captions (its source language and translations) on this node. */
  'caption:published': { roomId: string; captions: Caption[] };
  /** The compliance guard flagged a sentence of the host's, or a flagged one grew or was acknowledged. */
  'compliance:violation': { roomId: string; violation: ComplianceViolation };
  /**
   * The room's restream destinations counted again (the multistream module tells it when the counts change,
   * and the same counts every 30 s while it streams); null: the room has none now.
   */
  'multistream:summary': { roomId: string; restream: RestreamSummary | null };
}

export type RoomEventType = keyof RoomEvents;

/** Events the other gateway nodes hear too. */
export const RELAYED: ReadonlySet<RoomEventType> = new Set<RoomEventType>([
  'room:ended',
  'host:joined',
  'comment:accepted',
  'moderation:changed',
  'stream:health',
  'alert:changed',
  'analytics:facts',
  'multistream:summary',
]);

/** Where an event happened: on this node, or on another one that relayed it. */
export interface EventOrigin {
  fromPeer: boolean;
}

export type RoomEventHandler<K extends RoomEventType> = (
  event: RoomEvents[K],
  origin: EventOrigin,
) => void | Promise<void>;

/** One event as it travels between nodes. */
export type RelayedRoomEvent = { [K in RoomEventType]: { type: K; event: RoomEvents[K] } }[RoomEventType];

export type Disposer = () => void;

const DONE = Promise.resolve();

interface Subscription {
  handler: RoomEventHandler<RoomEventType>;
  anyNode: boolean;
}

export class RoomBus {
  private readonly subscribers = new Map<RoomEventType, Set<Subscription>>();
  private relay: ((e: RelayedRoomEvent) => void) | null = null;

  constructor(private readonly log: Logger) {}

  /** Hears the events that happen on this node. */
  on<K extends RoomEventType>(type: K, handler: RoomEventHandler<K>): Disposer {
    return this.subscribe(type, handler, false);
  }

  /** Hears the events of this node and the relayed events of every other node (a per-node cache). */
  onAnyNode<K extends RoomEventType>(type: K, handler: RoomEventHandler<K>): Disposer {
    return this.subscribe(type, handler, true);
  }

  /**
   * Tells the subscribers (each called at once, in subscription order) and, for a RELAYED type, the other
   * nodes. Resolves when every subscriber has finished, so an emitter may wait for the cleanup it starts;
   * it never rejects.
   */
  emit<K extends RoomEventType>(type: K, event: RoomEvents[K]): Promise<void> {
    if (this.relay && RELAYED.has(type)) {
      try {
        this.relay({ type, event } as RelayedRoomEvent);
      } catch (error) {
        this.log.error({ type, roomId: event.roomId, err: String(error) }, 'room event not relayed');
      }
    }
    return this.deliver(type, event, { fromPeer: false });
  }

  /** An event relayed by another node. */
  receive(relayed: RelayedRoomEvent): Promise<void> {
    if (!RELAYED.has(relayed.type)) return DONE; // not ours to hear from a peer
    return this.deliver(relayed.type, relayed.event, { fromPeer: true });
  }

  /** Sends RELAYED events to the other gateway nodes (set once the cluster is known). */
  relayTo(send: (e: RelayedRoomEvent) => void): void {
    this.relay = send;
  }

  private subscribe<K extends RoomEventType>(type: K, handler: RoomEventHandler<K>, anyNode: boolean) {
    const subscription: Subscription = { handler: handler as RoomEventHandler<RoomEventType>, anyNode };
    let set = this.subscribers.get(type);
    if (!set) this.subscribers.set(type, (set = new Set()));
    set.add(subscription);
    return () => void this.subscribers.get(type)?.delete(subscription);
  }

  private deliver<K extends RoomEventType>(
    type: K,
    event: RoomEvents[K],
    origin: EventOrigin,
  ): Promise<void> {
    let running: Promise<void>[] | null = null;
    for (const { handler, anyNode } of [...(this.subscribers.get(type) ?? [])]) {
      if (origin.fromPeer && !anyNode) continue;
      const failed = (error: unknown) =>
        this.log.error({ type, roomId: event.roomId, err: String(error) }, 'room event subscriber failed');
      try {
        const result = handler(event, origin);
        if (result instanceof Promise) (running ??= []).push(result.catch(failed));
      } catch (error) {
        failed(error);
      }
    }
    // Most events on a busy room (comments, orders) have only synchronous subscribers: no promise per event.
    return running ? Promise.all(running).then(() => undefined) : DONE;
  }
}
