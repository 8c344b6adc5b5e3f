// The live room's comments, moderation and catalog handlers (bound by the comments, moderation and
// products modules in server/modules). Staff are the room's host and ops connections. Orders are in
// order-handlers.ts, the host outbox in outbox-handlers.ts.
import { createHash, randomUUID } from 'node:crypto';
import { maskPersonalData } from '../../core/privacy/personal-data';
import { StudioError } from '../../core/protocol/result';
import type {
  CommentInsight,
  ModerationInput,
  ModerationState,
  Product,
  ProductInput,
  ProductPatch,
} from '../../core/protocol/room-events';
import type { CommentHub } from './comment-hub';
import type { ModerationCache } from './moderation';
import { staffChannel, type RoomDeps, type SocketAccess } from './room-context';

export { staffChannel, userChannel } from './room-context';

/**
 * A comment's id: the same for a resend of one comment (author and client id), distinct otherwise; a hash,
 * so long client ids cannot be cut into a collision with someone else's.
 */
export const commentId = (roomId: string, sub: string, clientId: string) =>
  `c${createHash('sha256').update(`${roomId}\0${sub}\0${clientId}`).digest('base64url').slice(0, 27)}`;

/** A price in minor units as a person reads it in a message, e.g. "$12.50" or "¥1,200". */
function money(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${currency} ${minor}`;
  }
}

const samePrices = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
const sameValues = (p: Product, prices?: Record<string, number>, stock?: number) =>
  (prices === undefined || samePrices(p.prices, prices)) && (stock === undefined || p.stock === stock);

/** Publishes a product's state to its room. */
export function publishProduct(services: RoomDeps, product: Product): void {
  services.io.to(product.roomId).emit('product:state', { roomId: product.roomId, product });
}

/** A product was edited: the room sees it, the bus tells the modules (comment insight's catalog...). */
function productChanged(services: RoomDeps, product: Product): void {
  publishProduct(services, product);
  void services.bus.emit('product:changed', { roomId: product.roomId, product });
}

/** Pins one product of the room (or none); everyone sees the old and the new pin change. */
export async function pinProduct(services: RoomDeps, roomId: string, productId: string | null) {
  const { repo } = services;
  if (productId && !(await repo.products.get(roomId, productId)))
    throw new StudioError('not_found', `No product ${productId}`);
  const before = (await repo.products.list(roomId)).filter((p) => p.pinned);
  await repo.products.pin(roomId, productId);
  const after = await repo.products.list(roomId);
  for (const p of after) if (p.pinned || before.some((b) => b.id === p.id)) productChanged(services, p);
  return true as const;
}

/**
 * Changes price and stock. With `base` (what the host saw) it is a compare-and-set: refused as a conflict
 * that names the current values when the product changed meanwhile, and the room is shown those values.
 */
export async function patchProduct(
  services: RoomDeps,
  { roomId, productId, prices, stock, base }: ProductPatch,
) {
  const result = await services.repo.products.patch(
    roomId,
    productId,
    { ...(prices ? { prices } : {}), ...(stock !== undefined ? { stock } : {}) },
    base,
    Date.now(),
  );
  if (!result.ok && result.reason === 'not_found')
    throw new StudioError('not_found', `No product ${productId}`);
  if (!result.ok) {
    const now = result.product;
    // The same change sent again (its first answer was lost) finds its own values: that is success.
    if (sameValues(now, prices, stock)) return now;
    publishProduct(services, now);
    const price = Object.entries(now.prices)
      .map(([currency, minor]) => money(minor, currency))
      .join(', ');
    throw new StudioError(
      'conflict',
      `The product changed meanwhile (now stock ${now.stock}, price ${price}); this change was not applied`,
    );
  }
  productChanged(services, result.product);
  return result.product;
}

export interface CommentDeps extends RoomDeps {
  comments: CommentHub;
  moderation: ModerationCache;
  /** A comment's language, sentiment, intents and product, counted into the room's mood. */
  analyze(roomId: string, text: string, byHost: boolean): Promise<CommentInsight>;
}

export function registerCommentHandlers(services: CommentDeps, access: SocketAccess): void {
  const { repo, comments, moderation } = services;
  const { socket, on } = access;

  on('comment:send', async ({ roomId, text, clientId }) => {
    access.member(roomId);
    if (!socket.data.buckets.comments.take())
      throw new StudioError('rate_limited', 'You are commenting too fast');
    const host = access.isHost(roomId);
    const handle = access.handle(roomId);
    await moderation.check(roomId, handle, text, access.isStaff(roomId));
    const x = await services.analyze(roomId, text, host);
    const now = Date.now();
    const liveAt = await repo.rooms.liveStartedAt(roomId);
    const id = commentId(roomId, socket.data.identity.sub, clientId);
    comments.push({
      id,
      roomId,
      t: liveAt ? Math.max(0, now - liveAt) : 0,
      a: handle,
      n: host ? 'Host' : socket.data.displayName,
      // A viewer's phone number, e-mail, ID, card or address is masked before anyone else sees it or it is
      // stored (the author's page shows its own text: renderer/viewer/own-comments.ts).
      text: host ? text : maskPersonalData(text).text,
      k: host ? 'h' : 'v',
      x,
      createdAt: now,
    });
    return { id };
  });

  on('comment:history', async ({ roomId }) => {
    access.member(roomId);
    return repo.comments.list(roomId, 200);
  });
}

export type ModerationDeps = RoomDeps & { moderation: ModerationCache };

/**
 * Applies one moderation action to the room: every node drops its copy of the rules, a banned person leaves
 * the room at once on every connection and gateway node (this node's before the answer), and the room's
 * staff (and ops) see the new rules. Used by the socket handler and by the host outbox.
 */
export async function moderate(services: ModerationDeps, input: ModerationInput): Promise<ModerationState> {
  const { io, repo, bus, moderation, log } = services;
  if (input.action === 'deleteComment') {
    if (await repo.comments.delete(input.roomId, input.commentId)) {
      io.to(input.roomId).emit('comment:deleted', { roomId: input.roomId, commentId: input.commentId });
      void bus.emit('comment:deleted', { roomId: input.roomId, commentId: input.commentId });
    }
  }
  const state = await moderation.apply(input);
  if (input.action !== 'deleteComment')
    await bus.emit('moderation:changed', { roomId: input.roomId, input, state });
  io.to(staffChannel(input.roomId)).to('ops').emit('mod:state', state);
  log.info({ roomId: input.roomId, action: input.action }, 'moderation');
  return state;
}

export function registerModerationHandlers(services: ModerationDeps, access: SocketAccess): void {
  access.on('mod:action', async (input) => {
    access.staff(input.roomId);
    return moderate(services, input);
  });
}

/** Adds a product to the room, or replaces one of the room's products (keeping its pin). */
export async function upsertProduct(services: RoomDeps, input: ProductInput): Promise<Product> {
  const { repo } = services;
  const existing = input.id ? await repo.products.get(input.roomId, input.id) : null;
  const product = await repo.products.upsert(
    {
      id: input.id ?? randomUUID(),
      roomId: input.roomId,
      titles: input.titles,
      prices: input.prices,
      stock: input.stock,
      images: input.images ?? [],
      arAsset: input.arAsset ?? null,
      aliases: input.aliases ?? [],
      pinned: existing?.pinned ?? false,
      updatedAt: Date.now(),
    },
    input.marginPct ?? null,
  );
  if (!product) throw new StudioError('invalid_argument', 'That product id belongs to another room');
  productChanged(services, product);
  return product;
}

export function registerProductHandlers(services: RoomDeps, access: SocketAccess): void {
  const { repo } = services;
  const { on } = access;

  on('product:upsert', async (input) => {
    access.staff(input.roomId);
    return upsertProduct(services, input);
  });

  on('product:patch', async (input) => {
    access.staff(input.roomId);
    return patchProduct(services, input);
  });

  on('product:pin', async ({ roomId, productId }) => {
    access.staff(roomId);
    return pinProduct(services, roomId, productId);
  });

  on('product:list', async ({ roomId }) => {
    access.member(roomId);
    return repo.products.list(roomId);
  });
}
