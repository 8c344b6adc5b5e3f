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
}

export interface CommentBatch {
  roomId: string;
  items: CommentWire[];
  /** Comments this client missed because its link could not keep up. */
  shed?: number;
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
  pinned: boolean;
  updatedAt: number;
}

export const ProductPatchSchema = z.object({
  roomId: Id,
  productId: Id,
  prices: z.record(Currency, Money).optional(),
  stock: z.number().int().min(0).max(1_000_000).optional(),
});
export const PinInputSchema = z.object({ roomId: Id, productId: Id.nullable() });

export const OrderInputSchema = z.object({
  roomId: Id,
  productId: Id,
  quantity: z.number().int().min(1).max(20),
  currency: Currency,
  /** Generated once per purchase by the buyer's client; a retry with the same key returns the same order. */
  idempotencyKey: z.string().min(16).max(64),
});
export type OrderInput = z.input<typeof OrderInputSchema>;

export const ORDER_STATUSES = ['placed', 'paid', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Which status may follow which. */
export const ORDER_TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  placed: ['paid', 'cancelled'],
  paid: ['refunded'],
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

export const OrderActionSchema = z.object({ roomId: Id, orderId: Id });
