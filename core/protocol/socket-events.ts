// socket.io events between the backend (server/) and its clients (the studio host, ops dashboards, viewers).
// Typed once here; every payload is validated again at runtime by the receiver with the schemas below.
import { z } from 'zod';
import { LanguageTagSchema } from './languages';
import type { MoodAlert, MoodSnapshot } from './insight-events';
import {
  ComplianceAckSchema,
  ComplianceRefSchema,
  MarketsSetSchema,
  type ComplianceViolation,
  type RoomMarkets,
} from './compliance';
import {
  MultistreamRefSchema,
  MultistreamStartSchema,
  MultistreamStopSchema,
  type MultistreamStatus,
} from './multistream';
import { PitchRefSchema, type AlsoLike, type PitchNext } from './pitch';
import {
  AlertAckSchema,
  AnalyticsTrackSchema,
  NoteDismissSchema,
  OpsNoteInputSchema,
  OpsRoomQuerySchema,
  StreamHealthSchema,
  ThresholdsSetSchema,
  type Alert,
  type AlertThresholds,
  type AnalyticsTrackResult,
  type BoardTile,
  type BoardUpdate,
  type OpsNote,
  type OpsRoomView,
  type OpsRoomUpdate,
} from './analytics-events';
import {
  CaptionPublishSchema,
  CaptionSubscribeSchema,
  type CaptionDemand,
  type CaptionEvent,
} from './captions';
import { replayClientEventSchemas, type ReplayClientEvents, type ReplayServerEvents } from './replay-events';
import type { ProtocolError, Result } from './result';
import {
  ConnectTransportInputSchema,
  ConsumeInputSchema,
  ConsumerRefSchema,
  CreateTransportInputSchema,
  MediaKindSchema,
  ProduceInputSchema,
  type ConsumerParams,
  type MediasoupObject,
  type TransportParams,
} from './media-signalling';
import {
  CommentInputSchema,
  ModerationInputSchema,
  OrderActionSchema,
  OrderInputSchema,
  PinInputSchema,
  ProductInputSchema,
  ProductPatchSchema,
  type CommentFrame,
  type CommentWire,
  type ModerationState,
  type Order,
  type Product,
} from './room-events';

/** analyst: reads every finished stream's replay, nothing else. */
export const ROLES = ['host', 'ops', 'viewer', 'analyst'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/**
 * What a signed token says: the role, for viewers the one room, who it is (`sub`, minted by the backend),
 * and when it expires. A viewer token without a subject is a room's public link: it identifies the room,
 * never a person, and the backend answers it with a viewer identity of its own (`session:identity`).
 */
export const TokenClaimsSchema = z
  .object({
    v: z.literal(1),
    role: RoleSchema,
    room: z.string().min(1).max(64).optional(),
    sub: z.string().min(8).max(64).optional(),
    exp: z.number(),
  })
  .refine((c) => c.role !== 'viewer' || c.room !== undefined, 'a viewer token must name its room');
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;

export const HandshakeAuthSchema = z.object({
  /**
   * A token signed by the backend (server/auth/tokens.ts); it carries the role and, for viewers, who they
   * are. Nothing else a client sends names it: any `userId` it adds is ignored.
   */
  token: z.string().min(1).max(2048),
  clientName: z.string().max(64).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

/** A connection's identity once its token is verified. */
export interface Identity {
  role: Role;
  /** Set for viewer tokens: the only room this connection may join. */
  room: string | null;
  /** The server-issued subject: the person behind the connection, as the backend signed it. */
  sub: string;
}

/**
 * The viewer identity the backend issued this browser for one room: the token to present from now on
 * (kept by the browser, renewed before it expires) and the opaque author handle its comments carry.
 */
export interface ViewerSession {
  token: string;
  roomId: string;
  handle: string;
  expiresAt: number;
}

export const RoomSchema = z.object({
  id: z.string(),
  title: z.string(),
  hostLanguage: z.string(),
  status: z.enum(['created', 'live', 'ended']),
  createdAt: z.number(),
});
export type Room = z.infer<typeof RoomSchema>;

export const CreateRoomInputSchema = z.object({
  title: z.string().trim().min(1).max(120),
  hostLanguage: LanguageTagSchema,
});
export type CreateRoomInput = z.infer<typeof CreateRoomInputSchema>;

const RoomIdSchema = z.string().min(1).max(64);
const HostKeySchema = z.string().min(16).max(128);

export const JoinRoomInputSchema = z.object({
  roomId: RoomIdSchema,
  /** The secret room:create handed the host; a host rejoining after a reconnect presents it. */
  hostKey: HostKeySchema.optional(),
});
export type JoinRoomInput = z.infer<typeof JoinRoomInputSchema>;

export const ProducerInfoSchema = z.object({ producerId: z.string(), kind: MediaKindSchema });
export type ProducerInfo = z.infer<typeof ProducerInfoSchema>;

/** What a client needs on joining: the room, whether its host is connected, what it can consume now. */
export interface RoomSnapshot {
  room: Room;
  hostConnected: boolean;
  producers: ProducerInfo[];
  /** True when this socket joined as the room's host. */
  isHost: boolean;
}

export interface CreatedRoom {
  room: Room;
  hostKey: string;
  /** A signed viewer token for this room: it goes into the viewer link. */
  viewerToken: string;
}

export const RoomRefSchema = z.object({ roomId: RoomIdSchema });
export const ThresholdsQuerySchema = z.object({ roomId: RoomIdSchema.nullable() }).strict();

/** Host outbox events: written locally first, sent at least once, stored once by id. */
export const OutboxPushSchema = z.object({
  events: z
    .array(
      z.object({
        id: z.string().min(8).max(64),
        roomId: RoomIdSchema.nullable(),
        type: z.string().min(1).max(64),
        payload: z.unknown().refine((v) => JSON.stringify(v ?? null).length <= 16_384, 'payload over 16 KiB'),
      }),
    )
    .min(1)
    .max(200),
});
/**
 * The backend's answer to outbox:push: the ids it is done with (the studio deletes those): each one applied,
 * or refused by a rule (wrong host key, unknown product, a stale price or stock...), which are listed in
 * `rejected` and never retried. An id in neither (a database error, say) stays queued and is sent again.
 */
export interface OutboxPushResult {
  acked: string[];
  rejected: { id: string; code: string; message: string }[];
}
export interface RoomStateEvent {
  room: Room;
  hostConnected: boolean;
}

export const PingResultSchema = z.object({ serverTime: z.number() });
export type PingResult = z.infer<typeof PingResultSchema>;

export * from './media-signalling';

export type Ack<T> = (result: Result<T>) => void;

type Input<S extends z.ZodType> = z.input<S>;

/** Every client event; the replay's come from replay-events.ts. */
export interface ClientToServerEvents extends ReplayClientEvents {
  'server:ping': (input: Record<string, never>, ack: Ack<PingResult>) => void;
  'room:create': (input: CreateRoomInput, ack: Ack<CreatedRoom>) => void;
  'room:join': (input: JoinRoomInput, ack: Ack<RoomSnapshot>) => void;
  'live:start': (input: Input<typeof RoomRefSchema>, ack: Ack<Room>) => void;
  'live:end': (input: Input<typeof RoomRefSchema>, ack: Ack<Room>) => void;
  'sfu:getRtpCapabilities': (input: Input<typeof RoomRefSchema>, ack: Ack<MediasoupObject>) => void;
  'sfu:createTransport': (input: Input<typeof CreateTransportInputSchema>, ack: Ack<TransportParams>) => void;
  'sfu:connectTransport': (input: Input<typeof ConnectTransportInputSchema>, ack: Ack<true>) => void;
  'sfu:produce': (input: Input<typeof ProduceInputSchema>, ack: Ack<{ producerId: string }>) => void;
  'sfu:consume': (input: Input<typeof ConsumeInputSchema>, ack: Ack<ConsumerParams>) => void;
  'sfu:resumeConsumer': (input: Input<typeof ConsumerRefSchema>, ack: Ack<true>) => void;
  'comment:send': (input: Input<typeof CommentInputSchema>, ack: Ack<{ id: string }>) => void;
  'comment:history': (input: Input<typeof RoomRefSchema>, ack: Ack<CommentWire[]>) => void;
  'mod:action': (input: Input<typeof ModerationInputSchema>, ack: Ack<ModerationState>) => void;
  'product:upsert': (input: Input<typeof ProductInputSchema>, ack: Ack<Product>) => void;
  'product:patch': (input: Input<typeof ProductPatchSchema>, ack: Ack<Product>) => void;
  'product:pin': (input: Input<typeof PinInputSchema>, ack: Ack<true>) => void;
  'product:list': (input: Input<typeof RoomRefSchema>, ack: Ack<Product[]>) => void;
  'order:place': (input: Input<typeof OrderInputSchema>, ack: Ack<Order>) => void;
  'order:pay': (input: Input<typeof OrderActionSchema>, ack: Ack<Order>) => void;
  'order:cancel': (input: Input<typeof OrderActionSchema>, ack: Ack<Order>) => void;
  'order:refund': (input: Input<typeof OrderActionSchema>, ack: Ack<Order>) => void;
  'order:list': (input: Input<typeof RoomRefSchema>, ack: Ack<Order[]>) => void;
  /** The room's current mood (host and ops only); null before its first comment. */
  'insight:get': (input: Input<typeof RoomRefSchema>, ack: Ack<MoodSnapshot | null>) => void;
  'outbox:push': (input: Input<typeof OutboxPushSchema>, ack: Ack<OutboxPushResult>) => void;
  /** Host: captions for the room's viewers, per language. */
  'caption:publish': (input: Input<typeof CaptionPublishSchema>, ack: Ack<{ delivered: number }>) => void;
  /** Anyone in the room: the caption language this connection wants (null: none). */
  'caption:subscribe': (
    input: Input<typeof CaptionSubscribeSchema>,
    ack: Ack<{ lang: string | null }>,
  ) => void;
  // Viewer analytics, stream health and the ops board (analytics-events.ts says who may send each).
  'analytics:track': (input: Input<typeof AnalyticsTrackSchema>, ack: Ack<AnalyticsTrackResult>) => void;
  'stream:health': (input: Input<typeof StreamHealthSchema>, ack: Ack<true>) => void;
  'ops:board': (input: Record<string, never>, ack: Ack<BoardTile[]>) => void;
  'ops:room': (input: Input<typeof OpsRoomQuerySchema>, ack: Ack<OpsRoomView>) => void;
  'ops:unroom': (input: Input<typeof RoomRefSchema>, ack: Ack<true>) => void;
  'ops:thresholds': (input: Input<typeof ThresholdsQuerySchema>, ack: Ack<AlertThresholds>) => void;
  'ops:thresholds:set': (input: Input<typeof ThresholdsSetSchema>, ack: Ack<AlertThresholds>) => void;
  'alert:ack': (input: Input<typeof AlertAckSchema>, ack: Ack<Alert>) => void;
  'ops:note': (input: Input<typeof OpsNoteInputSchema>, ack: Ack<OpsNote>) => void;
  'note:list': (input: Input<typeof RoomRefSchema>, ack: Ack<OpsNote[]>) => void;
  'note:dismiss': (input: Input<typeof NoteDismissSchema>, ack: Ack<true>) => void;
  /** Host and ops: the room's pitch-next picks now (they also come as 'pitch:next' while they change). */
  'pitch:get': (input: Input<typeof PitchRefSchema>, ack: Ack<PitchNext>) => void;
  /** A viewer: "You may also like" from its own trail in the room (the best sellers without one). */
  'pitch:alsoLike': (input: Input<typeof PitchRefSchema>, ack: Ack<AlsoLike>) => void;
  /** Host and ops: the room's compliance violations, oldest first. */
  'compliance:list': (input: Input<typeof ComplianceRefSchema>, ack: Ack<ComplianceViolation[]>) => void;
  /** The host acknowledges a warning (a level-2 one stays on screen until then). */
  'compliance:ack': (input: Input<typeof ComplianceAckSchema>, ack: Ack<ComplianceViolation>) => void;
  /** Host and ops: the markets the stream is checked against, with their viewer shares and guides. */
  'compliance:markets': (input: Input<typeof ComplianceRefSchema>, ack: Ack<RoomMarkets>) => void;
  /** The host sets its home market and the markets it adds or excludes. */
  'compliance:markets:set': (input: Input<typeof MarketsSetSchema>, ack: Ack<RoomMarkets>) => void;
  /** The studio host, going live: push the stream to these destinations (keys travel only here). */
  'multistream:start': (input: Input<typeof MultistreamStartSchema>, ack: Ack<MultistreamStatus>) => void;
  /** The host stops one destination, or all. */
  'multistream:stop': (
    input: Input<typeof MultistreamStopSchema>,
    ack: Ack<MultistreamStatus | null>,
  ) => void;
  /** Host and ops: the room's destinations now (null: none started). */
  'multistream:get': (input: Input<typeof MultistreamRefSchema>, ack: Ack<MultistreamStatus | null>) => void;
}

/** What a client request carries, and what its ack's Result holds when it succeeds. */
export type ClientEventInput<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
export type ClientEventValue<E extends keyof ClientToServerEvents> = Parameters<
  ClientToServerEvents[E]
>[1] extends (r: Result<infer T>) => void
  ? T
  : never;

/** Every server event; the replay's come from replay-events.ts. */
export interface ServerToClientEvents extends ReplayServerEvents {
  /** To a viewer: the identity this backend issued it (on first connection, and renewed before expiry). */
  'session:identity': (session: ViewerSession) => void;
  'room:state': (state: RoomStateEvent) => void;
  'sfu:newProducer': (event: ProducerInfo & { roomId: string }) => void;
  'sfu:producerClosed': (event: { roomId: string; producerId: string }) => void;
  /** The room's media worker died and was replaced: every transport is gone; the host produces again. */
  'media:reset': (event: { roomId: string; reason: string }) => void;
  /** A request without an ack failed (or the connection is being closed): which event, and why. */
  'server:error': (error: ProtocolError & { event: string }) => void;
  'comment:batch': (frame: CommentFrame) => void;
  'comment:deleted': (event: { roomId: string; commentId: string }) => void;
  'product:state': (event: { roomId: string; product: Product }) => void;
  /** To the host and ops: the room's rolling mood, every 2 s while comments come in. */
  'insight:mood': (snapshot: MoodSnapshot) => void;
  /** To the host and ops watching the room: pitch next's picks, within a moment of a signal that moves them. */
  'pitch:next': (next: PitchNext) => void;
  /** To the host and ops watching the room (never viewers): a flagged sentence, new, grown or acknowledged. */
  'compliance:violation': (violation: ComplianceViolation) => void;
  /** To the host and ops watching the room: its markets and their shares changed. */
  'compliance:markets': (markets: RoomMarkets) => void;
  /** To the host and ops watching the room: each destination's state, on change and every ~2 s while live. */
  'multistream:status': (status: MultistreamStatus) => void;
  /** To the host and ops: a negative spike or a burst of unanswered questions. */
  'insight:alert': (alert: MoodAlert) => void;
  'order:update': (order: Order) => void;
  'mod:state': (state: ModerationState) => void;
  /** A caption in the language this connection subscribed to (the host gets every language). */
  caption: (event: CaptionEvent) => void;
  /** To the host: which caption languages the room's viewers want, so only those are translated. */
  'caption:demand': (demand: CaptionDemand) => void;
  /** To ops on the board: tiles that changed, rooms that ended. */
  'ops:board': (update: BoardUpdate) => void;
  /** To ops watching a room: its open bucket every ~2 s, then the closed one. */
  'ops:bucket': (update: OpsRoomUpdate) => void;
  /** To ops: an alert raised, cleared or acknowledged. */
  alert: (alert: Alert) => void;
  /** To the room's host: a note from operations staff, shown until dismissed. */
  'ops:note': (note: OpsNote) => void;
  /** To ops: the host dismissed a note. */
  'note:dismissed': (event: { roomId: string; noteId: string }) => void;
}

/** Runtime schemas for every client event, keyed like ClientToServerEvents (server events: server-events.ts). */
export const clientEventSchemas = {
  'server:ping': z.object({}).strict(),
  'room:create': CreateRoomInputSchema,
  'room:join': JoinRoomInputSchema,
  'live:start': RoomRefSchema,
  'live:end': RoomRefSchema,
  'sfu:getRtpCapabilities': RoomRefSchema,
  'sfu:createTransport': CreateTransportInputSchema,
  'sfu:connectTransport': ConnectTransportInputSchema,
  'sfu:produce': ProduceInputSchema,
  'sfu:consume': ConsumeInputSchema,
  'sfu:resumeConsumer': ConsumerRefSchema,
  'comment:send': CommentInputSchema,
  'comment:history': RoomRefSchema,
  'mod:action': ModerationInputSchema,
  'product:upsert': ProductInputSchema,
  'product:patch': ProductPatchSchema,
  'product:pin': PinInputSchema,
  'product:list': RoomRefSchema,
  'order:place': OrderInputSchema,
  'order:pay': OrderActionSchema,
  'order:cancel': OrderActionSchema,
  'order:refund': OrderActionSchema,
  'order:list': RoomRefSchema,
  'insight:get': RoomRefSchema,
  'outbox:push': OutboxPushSchema,
  'caption:publish': CaptionPublishSchema,
  'caption:subscribe': CaptionSubscribeSchema,
  'analytics:track': AnalyticsTrackSchema,
  'stream:health': StreamHealthSchema,
  'ops:board': z.object({}).strict(),
  'ops:room': OpsRoomQuerySchema,
  'ops:unroom': RoomRefSchema,
  'ops:thresholds': ThresholdsQuerySchema,
  'ops:thresholds:set': ThresholdsSetSchema,
  'alert:ack': AlertAckSchema,
  'ops:note': OpsNoteInputSchema,
  'note:list': RoomRefSchema,
  'note:dismiss': NoteDismissSchema,
  'pitch:get': PitchRefSchema,
  'pitch:alsoLike': PitchRefSchema,
  'compliance:list': ComplianceRefSchema,
  'compliance:ack': ComplianceAckSchema,
  'compliance:markets': ComplianceRefSchema,
  'compliance:markets:set': MarketsSetSchema,
  'multistream:start': MultistreamStartSchema,
  'multistream:stop': MultistreamStopSchema,
  'multistream:get': MultistreamRefSchema,
  ...replayClientEventSchemas,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType>;
