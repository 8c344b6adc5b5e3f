// The live room's commerce events: comments (with moderation), the product catalog and orders.
// Schemas validate what clients send; the types describe what the server broadcasts.
import { z } from 'zod';
import { LanguageTagSchema } from './languages';

const Id = z.string().min(1).max(64);
export const COMMENT_MAX_CHARS = 200;

/** Comment text as stored and shown: NFC, no control or bidi-override characters, single spaces, trimmed. */
export function normalizeCommentText(text: string): string {
  return (
    text
      .normalize('NFC')
      // C0/C1 controls and bidi overrides/isolates, which can disguise text; newlines become spaces.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export const CommentInputSchema = z.object({
  roomId: Id,
  text: z
    .string()
    .max(COMMENT_MAX_CHARS * 4)
    .transform(normalizeCommentText)
    .pipe(
      z.string().min(1, 'comment is empty').max(COMMENT_MAX_CHARS, `at most ${COMMENT_MAX_CHARS} characters`),
    ),
  /** The client's id for this comment, so a resend is not shown twice. */
  clientId: z.string().min(8).max(64),
});
export type CommentInput = z.input<typeof CommentInputSchema>;

/** One comment on the wire, compact: comments travel in batches to thousands of viewers. */
/** Purchase intent tags the server attaches to a comment. */
export const INTENT_TAGS = ['question', 'price', 'size', 'shipping', 'buy', 'complaint'] as const;
export type IntentTag = (typeof INTENT_TAGS)[number];
export const SENTIMENT_LABELS = ['neg', 'neu', 'pos'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** What the server's insight step found in a comment: computed once, sent and stored with it. */
export interface CommentInsight {
  /** Language tag (ISO 639-1 where known, 'und' when it cannot tell). */
  lang: string;
  s: SentimentLabel;
  /** Signed polarity p(pos) - p(neg), -1..1 (0 when the model found nothing to go on). */
  sc: number;
  i: IntentTag[];
  /** The catalog product the comment refers to, if any. */
  p: string | null;
}

export interface CommentWire {
  id: string;
  /** ms since the stream went live (0 before). */
  t: number;
  /** author id and display name */
  a: string;
  n: string;
  text: string;
  /** 'h' host, 'v' viewer */
  k: 'h' | 'v';
  x?: CommentInsight;
}

export interface CommentBatch {
  roomId: string;
  items: CommentWire[];
  /** Comments this client missed because its link could not keep up. */
  shed?: number;
}

/**
 * A comment in a frame: the CommentWire fields in order, without their keys; then, when the server has
 * its insight, language, sentiment, confidence (two decimals), intent bit mask (over INTENT_TAGS) and
 * product id or null.
 */
export type CommentTuple =
  | [id: string, t: number, a: string, n: string, text: string, k: 'h' | 'v']
  | [
      id: string,
      t: number,
      a: string,
      n: string,
      text: string,
      k: 'h' | 'v',
      lang: string,
      s: SentimentLabel,
      sc: number,
      intents: number,
      p: string | null,
    ];

export const intentMaskOf = (tags: readonly IntentTag[]): number =>
  tags.reduce((m, t) => m | (1 << INTENT_TAGS.indexOf(t)), 0);
export const intentsOfMask = (mask: number): IntentTag[] => INTENT_TAGS.filter((_, i) => mask & (1 << i));

/**
 * What `comment:batch` carries: a room's new comments as tuples. The same frame goes to thousands of
 * viewers several times a second, so it has no per-comment keys (a fifth of the bytes, and less to parse).
 */
export interface CommentFrame {
  r: string;
  c: CommentTuple[];
  /** Comments this client missed because its link could not keep up (or the room outran its buffer). */
  s?: number;
}

export const toCommentTuple = (c: CommentWire): CommentTuple =>
  c.x
    ? [
        c.id,
        c.t,
        c.a,
        c.n,
        c.text,
        c.k,
        c.x.lang,
        c.x.s,
        Math.round(c.x.sc * 100) / 100,
        intentMaskOf(c.x.i),
        c.x.p,
      ]
    : [c.id, c.t, c.a, c.n, c.text, c.k];

export function encodeCommentFrame(roomId: string, items: CommentTuple[], shed: number): CommentFrame {
  return shed > 0 ? { r: roomId, c: items, s: shed } : { r: roomId, c: items };
}

/** The frame as comments; anything that is not a well-formed tuple is left out, never shown half-read. */
export function decodeCommentFrame(frame: CommentFrame): CommentBatch {
  const items: CommentWire[] = [];
  for (const c of Array.isArray(frame?.c) ? frame.c : []) {
    if (!Array.isArray(c) || c.length < 6) continue;
    const [id, t, a, n, text, k, lang, s, sc, mask, p] = c as unknown[];
    if (typeof id !== 'string' || typeof text !== 'string' || typeof t !== 'number') continue;
    const comment: CommentWire = { id, t, a: String(a), n: String(n), text, k: k === 'h' ? 'h' : 'v' };
    if (typeof lang === 'string' && SENTIMENT_LABELS.includes(s as SentimentLabel)) {
      comment.x = {
        lang,
        s: s as SentimentLabel,
        sc: typeof sc === 'number' ? sc : 0,
        i: intentsOfMask(typeof mask === 'number' ? mask : 0),
        p: typeof p === 'string' ? p : null,
      };
    }
    items.push(comment);
  }
  const shed = typeof frame?.s === 'number' && frame.s > 0 ? frame.s : 0;
  return shed > 0 ? { roomId: String(frame.r), items, shed } : { roomId: String(frame.r), items };
}

export const ModerationInputSchema = z.discriminatedUnion('action', [
  z.object({
    roomId: Id,
    action: z.literal('blockWords'),
    words: z.array(z.string().trim().min(1).max(40)).max(200),
  }),
  z.object({
    roomId: Id,
    action: z.literal('unblockWords'),
    words: z.array(z.string().trim().min(1).max(40)).max(200),
  }),
  z.object({ roomId: Id, action: z.literal('mute'), userId: Id }),
  z.object({ roomId: Id, action: z.literal('unmute'), userId: Id }),
  z.object({ roomId: Id, action: z.literal('ban'), userId: Id }),
  z.object({ roomId: Id, action: z.literal('deleteComment'), commentId: Id }),
  z.object({ roomId: Id, action: z.literal('slowMode'), seconds: z.number().int().min(0).max(600) }),
]);
export type ModerationInput = z.infer<typeof ModerationInputSchema>;

export interface ModerationState {
  roomId: string;
  blockedWords: string[];
  muted: string[];
  banned: string[];
  slowModeSeconds: number;
}

const Currency = z.string().regex(/^[A-Z]{3}$/, 'a currency code such as USD');
const Money = z.number().int().min(0).max(1e10);

export const ProductInputSchema = z.object({
  roomId: Id,
  id: Id.optional(),
  /** Title per language, e.g. { en: 'Sunglasses', 'zh-CN': '太阳镜' }. */
  titles: z
    .record(LanguageTagSchema, z.string().trim().min(1).max(120))
    .refine((t) => Object.keys(t).length > 0, 'at least one title'),
  /** Price per currency in minor units (cents, fen). */
  prices: z.record(Currency, Money).refine((p) => Object.keys(p).length > 0, 'at least one price'),
  stock: z.number().int().min(0).max(1_000_000),
  images: z.array(z.url().max(500)).max(8).default([]),
  arAsset: z.string().max(200).nullable().default(null),
  /** Other names viewers use for it (any language), so comments about it are linked to it. */
  aliases: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  /** The seller's margin in percent of the price: private (pitch next weighs it), never shown to viewers. */
  marginPct: z.number().min(0).max(100).nullable().default(null),
});
export type ProductInput = z.input<typeof ProductInputSchema>;

export interface Product {
  id: string;
  roomId: string;
  titles: Record<string, string>;
  prices: Record<string, number>;
  stock: number;
  images: string[];
  arAsset: string | null;
  aliases: string[];
  pinned: boolean;
  updatedAt: number;
}

export const ProductPatchSchema = z.object({
  roomId: Id,
  productId: Id,
  prices: z.record(Currency, Money).optional(),
  stock: z.number().int().min(0).max(1_000_000).optional(),
  /**
   * The values the host saw when it made the change. When given, the change applies only if the product
   * still has them (a patch queued offline never overwrites sales or edits made meanwhile); otherwise it is
   * refused as a conflict that says the current values.
   */
  base: z
    .object({ prices: z.record(Currency, Money).optional(), stock: z.number().int().min(0).optional() })
    .optional(),
});
export type ProductPatch = z.infer<typeof ProductPatchSchema>;
export const PinInputSchema = z.object({ roomId: Id, productId: Id.nullable() });

const HostKey = z.string().min(1).max(128);
export const OrderActionSchema = z.object({ roomId: Id, orderId: Id });

/**
 * Host actions that go through the studio's outbox (main/outbox): written locally first, so they survive a
 * network cut or a restart, and applied once by the backend (by outbox event id). `hostKey` proves the
 * studio hosts the room, as on room:join; the backend does not store it with the event. Every change the
 * studio makes to its room is one of these (its own comments and going live are not: they are live talk).
 */
export const HostActionSchema = z.discriminatedUnion('action', [
  PinInputSchema.extend({ action: z.literal('product.pin'), hostKey: HostKey }),
  ProductPatchSchema.extend({ action: z.literal('product.patch'), hostKey: HostKey }),
  // The studio names the new product (a random UUID), so a resend updates it instead of adding a twin.
  ProductInputSchema.extend({ action: z.literal('product.upsert'), id: Id, hostKey: HostKey }),
  OrderActionSchema.extend({ action: z.literal('order.refund'), hostKey: HostKey }),
  OrderActionSchema.extend({ action: z.literal('order.cancel'), hostKey: HostKey }),
  /** The title typed after the room was created (a product or captions created it): sent before going live. */
  z.object({
    roomId: Id,
    action: z.literal('room.retitle'),
    title: z.string().trim().min(1).max(120),
    hostKey: HostKey,
  }),
  // Moderation: ModerationInputSchema's actions, each as `mod.<action>`.
  z.object({ roomId: Id, action: z.literal('mod.mute'), userId: Id, hostKey: HostKey }),
  z.object({ roomId: Id, action: z.literal('mod.unmute'), userId: Id, hostKey: HostKey }),
  z.object({ roomId: Id, action: z.literal('mod.ban'), userId: Id, hostKey: HostKey }),
  z.object({ roomId: Id, action: z.literal('mod.deleteComment'), commentId: Id, hostKey: HostKey }),
  z.object({
    roomId: Id,
    action: z.literal('mod.blockWords'),
    words: z.array(z.string().trim().min(1).max(40)).max(200),
    hostKey: HostKey,
  }),
  z.object({
    roomId: Id,
    action: z.literal('mod.unblockWords'),
    words: z.array(z.string().trim().min(1).max(40)).max(200),
    hostKey: HostKey,
  }),
  z.object({
    roomId: Id,
    action: z.literal('mod.slowMode'),
    seconds: z.number().int().min(0).max(600),
    hostKey: HostKey,
  }),
]);
export type HostAction = z.infer<typeof HostActionSchema>;
export type HostActionType = HostAction['action'];
/** A host action as a client sends it (fields with defaults may be left out). */
export type HostActionInput = z.input<typeof HostActionSchema>;
type WithoutRoom<A> = A extends unknown ? Omit<A, 'roomId' | 'hostKey'> : never;
/** A host action as the studio's controls say it: the room session adds the room and its host key. */
export type HostActionDraft = WithoutRoom<HostActionInput>;
export const HOST_ACTION_TYPES: readonly string[] = HostActionSchema.options.map((o) => o.shape.action.value);

type ModerationHostAction = Extract<HostAction, { action: `mod.${string}` }>;
export const isModerationAction = (a: HostAction): a is ModerationHostAction => a.action.startsWith('mod.');

/** A `mod.*` host action as the moderation rules take it (the same fields, without the host key). */
export function toModerationInput(a: ModerationHostAction): ModerationInput {
  const { hostKey: _, action, ...rest } = a;
  return ModerationInputSchema.parse({ ...rest, action: action.slice('mod.'.length) });
}

/** An analytics mark as the outbox carries it (`analytics.mark`): the host key proves the room is ours. */
export const AnalyticsMarkSchema = z.object({
  hostKey: z.string().min(16).max(128),
  label: z.string().trim().min(1).max(80),
  at: z.number().int().min(0),
});
/** Every event type the backend accepts from a host outbox; anything else is refused, never stored. */
export const HOST_EVENT_TYPES: readonly string[] = [...HOST_ACTION_TYPES, 'analytics.mark'];

export const OrderInputSchema = z.object({
  roomId: Id,
  productId: Id,
  quantity: z.number().int().min(1).max(20),
  currency: Currency,
  /** Generated once per purchase by the buyer's client; a retry with the same key returns the same order. */
  idempotencyKey: z.string().min(16).max(64),
});
export type OrderInput = z.input<typeof OrderInputSchema>;

export const ORDER_STATUSES = ['placed', 'paying', 'paid', 'cancelled', 'refunding', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Which status may follow which. Money moves only from a claimed in-between state: `paying` is claimed
 * before the payment provider is charged (and goes back to `placed` when the charge fails), `refunding`
 * before a refund; so two payers, two refunds, or a pay racing a cancel end in one state, charged once.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  placed: ['paying', 'cancelled'],
  paying: ['paid', 'placed'],
  paid: ['refunding'],
  refunding: ['refunded', 'paid'],
  cancelled: [],
  refunded: [],
};

export interface Order {
  id: string;
  roomId: string;
  productId: string;
  buyerId: string;
  quantity: number;
  currency: string;
  amountMinor: number;
  status: OrderStatus;
  createdAt: number;
  updatedAt: number;
}
