// Runtime schemas for every server-to-client socket event, keyed like ServerToClientEvents, and the guard
// every client (studio, viewer page, the host's backend link) puts in front of its handlers: a payload that
// does not fit is counted, reported as an InvalidServerEventError and dropped, never handed on.
import { ComplianceViolationSchema, RoomMarketsSchema } from './compliance';
import { MultistreamStatusSchema } from './multistream';
import { z } from 'zod';
import { AlertSchema, BoardUpdateSchema, OpsNoteSchema, OpsRoomUpdateSchema } from './analytics-schemas';
import { CaptionSchema } from './captions';
import { RECORDING_STATES, REPLAY_STATES } from './replay';
import { ErrorCodeSchema, ErrorIssueSchema, issuesFrom, type ErrorIssue } from './result';
import { INTENT_TAGS, ORDER_STATUSES, SENTIMENT_LABELS } from './room-events';
import { ProducerInfoSchema, RoomSchema, type ServerToClientEvents } from './socket-events';

export type ServerEvent = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

const Id = z.string().min(1).max(128);
const Count = z.number().int().nonnegative();

export const ViewerSessionSchema = z.object({
  token: z.string().min(1).max(2048),
  roomId: z.string().min(1).max(64),
  handle: z.string().min(1).max(64),
  expiresAt: z.number().int().nonnegative(),
});

const Author = [Id, z.number(), z.string(), z.string(), z.string(), z.enum(['h', 'v'])] as const;
/** A comment tuple of a frame (see CommentTuple): six fields, or eleven with the server's insight. */
export const CommentTupleSchema = z.union([
  z.tuple([...Author]),
  z.tuple([
    ...Author,
    z.string(),
    z.enum(SENTIMENT_LABELS),
    z.number().min(-1).max(1),
    z
      .number()
      .int()
      .min(0)
      .max(2 ** INTENT_TAGS.length - 1),
    z.string().nullable(),
  ]),
]);
export const CommentFrameSchema = z.object({
  r: Id,
  c: z.array(CommentTupleSchema),
  s: Count.optional(),
});

export const ProductSchema = z.object({
  id: Id,
  roomId: Id,
  titles: z.record(z.string(), z.string()),
  prices: z.record(z.string(), Count),
  stock: Count,
  images: z.array(z.string()),
  arAsset: z.string().nullable(),
  aliases: z.array(z.string()),
  pinned: z.boolean(),
  updatedAt: z.number(),
});

export const OrderSchema = z.object({
  id: Id,
  roomId: Id,
  productId: Id,
  buyerId: z.string(),
  quantity: z.number().int().positive(),
  currency: z.string(),
  amountMinor: Count,
  status: z.enum(ORDER_STATUSES),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const ModerationStateSchema = z.object({
  roomId: Id,
  blockedWords: z.array(z.string()),
  muted: z.array(z.string()),
  banned: z.array(z.string()),
  slowModeSeconds: Count,
});

const MoodCounts = { neg: Count, neu: Count, pos: Count };
export const MoodSnapshotSchema = z.object({
  roomId: Id,
  at: z.number(),
  score: z.number().min(-1).max(1).nullable(),
  last: z.object(MoodCounts),
  timeline: z.array(z.object({ at: z.number(), ...MoodCounts })),
  segments: z.array(z.object({ productId: z.string().nullable(), from: z.number(), ...MoodCounts })),
  openQuestions: z.array(
    z.object({ text: z.string(), count: Count, lastAt: z.number(), productId: z.string().nullable() }),
  ),
});

export const MoodAlertSchema = z.discriminatedUnion('kind', [
  z.object({
    roomId: Id,
    at: z.number(),
    kind: z.literal('negative_spike'),
    share: z.number().min(0).max(1),
    comments: Count,
  }),
  z.object({ roomId: Id, at: z.number(), kind: z.literal('questions'), open: Count, top: z.string() }),
]);

const PitchReasonSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('asked'),
    intent: z.enum(INTENT_TAGS),
    count: Count,
    minutes: z.number().min(0),
  }),
  z.object({ kind: z.literal('clicked'), count: Count, minutes: z.number().min(0) }),
  z.object({ kind: z.literal('converted'), pct: z.number().min(0).max(100) }),
  z.object({ kind: z.literal('liked'), score: z.number().min(-1).max(1) }),
  z.object({ kind: z.literal('stock'), left: Count }),
  z.object({ kind: z.literal('not_presented'), minutes: z.number().min(0).nullable() }),
  z.object({ kind: z.literal('margin'), pct: z.number().min(0).max(100) }),
  z.object({ kind: z.literal('exploring') }),
]);
export const PitchNextSchema = z.object({
  roomId: Id,
  at: z.number(),
  picks: z
    .array(
      z.object({
        productId: Id,
        score: z.number(),
        exploring: z.boolean(),
        reasons: z.array(PitchReasonSchema).max(12),
      }),
    )
    .max(3),
  presenting: Id.nullable(),
});
export const AlsoLikeSchema = z.object({
  roomId: Id,
  products: z.array(ProductSchema).max(8),
  basis: z.enum(['session', 'best_sellers']),
});

/** Every server-to-client event's schema. `satisfies` keeps it complete and each schema true to its type. */
export const serverEventSchemas = {
  'session:identity': ViewerSessionSchema,
  'room:state': z.object({ room: RoomSchema, hostConnected: z.boolean() }),
  'sfu:newProducer': ProducerInfoSchema.extend({ roomId: Id }),
  'sfu:producerClosed': z.object({ roomId: Id, producerId: Id }),
  'media:reset': z.object({ roomId: Id, reason: z.string() }),
  'server:error': z.object({
    event: z.string(),
    code: ErrorCodeSchema,
    message: z.string(),
    issues: z.array(ErrorIssueSchema).optional(),
  }),
  'comment:batch': CommentFrameSchema,
  'comment:deleted': z.object({ roomId: Id, commentId: Id }),
  'product:state': z.object({ roomId: Id, product: ProductSchema }),
  'insight:mood': MoodSnapshotSchema,
  'insight:alert': MoodAlertSchema,
  'pitch:next': PitchNextSchema,
  'compliance:violation': ComplianceViolationSchema,
  'compliance:markets': RoomMarketsSchema,
  'multistream:status': MultistreamStatusSchema,
  'order:update': OrderSchema,
  'mod:state': ModerationStateSchema,
  caption: z.object({ roomId: Id, caption: CaptionSchema }),
  'caption:demand': z.object({ roomId: Id, languages: z.record(z.string().max(35), Count) }),
  'ops:board': BoardUpdateSchema,
  'ops:bucket': OpsRoomUpdateSchema,
  alert: AlertSchema,
  'ops:note': OpsNoteSchema,
  'note:dismissed': z.object({ roomId: Id, noteId: Id }),
  'recording:status': z.object({
    roomId: Id,
    state: z.enum(RECORDING_STATES),
    reason: z.string().max(500).nullable(),
    segments: Count,
    at: z.number(),
  }),
  'replay:state': z.object({ roomId: Id, state: z.enum(REPLAY_STATES), readyAt: z.number().nullable() }),
} as const satisfies { [E in ServerEvent]: z.ZodType<ServerEventPayload<E>> };

/** A server event whose payload does not fit its schema: dropped before any handler sees it. */
export class InvalidServerEventError extends Error {
  override readonly name = 'InvalidServerEventError';
  constructor(
    readonly event: string,
    readonly issues: ErrorIssue[],
  ) {
    super(
      `Dropped a malformed ${event} event from the backend (${issues
        .slice(0, 3)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ')})`,
    );
  }
}

export type ServerEventCheck<E extends ServerEvent> =
  { ok: true; value: ServerEventPayload<E> } | { ok: false; error: InvalidServerEventError };

export function checkServerEvent<E extends ServerEvent>(event: E, payload: unknown): ServerEventCheck<E> {
  const schema: z.ZodType = serverEventSchemas[event];
  const parsed = schema.safeParse(payload);
  return parsed.success
    ? { ok: true, value: parsed.data as ServerEventPayload<E> }
    : { ok: false, error: new InvalidServerEventError(event, issuesFrom(parsed.error)) };
}

export interface ServerEventHubOptions {
  /** An invalid payload was dropped; `count` is how many of this event so far (1 on the first). */
  invalid(error: InvalidServerEventError, count: number): void;
  /** A handler threw: reported here, never thrown back into the socket. */
  handlerFailed(event: ServerEvent, error: unknown): void;
}

type Listener = (payload: unknown) => void;
/** What the hub listens on: a socket.io client socket (its typed signatures aside). */
export interface ServerEventSource {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

/**
 * The one way a client listens to server events: one socket listener per event type checks each payload
 * once, then hands the parsed copy to every handler of that event. Malformed payloads are counted per event.
 */
export class ServerEventHub {
  private readonly handlers = new Map<ServerEvent, Set<(payload: never) => void>>();
  private readonly listeners = new Map<ServerEvent, Listener>();
  private readonly dropped = new Map<ServerEvent, number>();

  constructor(
    private readonly source: ServerEventSource,
    private readonly options: ServerEventHubOptions,
  ) {}

  /** Calls `handler` with every valid `event` payload; returns the disposer. */
  on<E extends ServerEvent>(event: E, handler: (payload: ServerEventPayload<E>) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      const handlers = new Set<(payload: never) => void>();
      set = handlers;
      this.handlers.set(event, handlers);
      const listener: Listener = (payload) => this.dispatch(event, handlers, payload);
      this.listeners.set(event, listener);
      this.source.on(event, listener);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size > 0 || this.handlers.get(event) !== set) return;
      this.handlers.delete(event);
      this.source.off(event, this.listeners.get(event)!);
      this.listeners.delete(event);
    };
  }

  /** How many payloads of `event` (or of every event) were dropped so far. */
  droppedCount(event?: ServerEvent): number {
    if (event) return this.dropped.get(event) ?? 0;
    let total = 0;
    for (const n of this.dropped.values()) total += n;
    return total;
  }

  private dispatch(event: ServerEvent, handlers: Set<(payload: never) => void>, payload: unknown): void {
    const checked = checkServerEvent(event, payload);
    if (!checked.ok) {
      const count = (this.dropped.get(event) ?? 0) + 1;
      this.dropped.set(event, count);
      this.options.invalid(checked.error, count);
      return;
    }
    for (const handler of [...handlers]) {
      try {
        (handler as (p: unknown) => void)(checked.value);
      } catch (error) {
        this.options.handlerFailed(event, error);
      }
    }
  }
}
