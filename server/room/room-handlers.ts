// The live room's comments, moderation and catalog. Staff are the room's host and ops connections. Orders
// are in order-handlers.ts, the host outbox in outbox-handlers.ts.
import { createHash, randomUUID } from 'node:crypto';
import { StudioError } from '../../core/protocol/result';
import type {
  ModerationInput,
  ModerationState,
  Product,
  ProductInput,
  ProductPatch,
} from '../../core/protocol/room-events';
import { staffChannel, type RoomServices, type SocketAccess } from './room-context';

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

/** Publishes a product's state to its room (and refreshes the room's catalog for comment insight). */
export function publishProduct(services: RoomServices, product: Product): void {
  services.io.to(product.roomId).emit('product:state', { roomId: product.roomId, product });
  void services.insight.productsChanged(product.roomId).catch(() => undefined);
}

/** Pins one product of the room (or none); everyone sees the old and the new pin change. */
export async function pinProduct(services: RoomServices, roomId: string, productId: string | null) {
  const { repo } = services;
  if (productId && !(await repo.getProduct(roomId, productId)))
    throw new StudioError('not_found', `No product ${productId}`);
  const before = (await repo.listProducts(roomId)).filter((p) => p.pinned);
  await repo.pinProduct(roomId, productId);
  const after = await repo.listProducts(roomId);
  for (const p of after) if (p.pinned || before.some((b) => b.id === p.id)) publishProduct(services, p);
  return true as const;
}

/**
 * Changes price and stock. With `base` (what the host saw) it is a compare-and-set: refused as a conflict
 * that names the current values when the product changed meanwhile, and the room is shown those values.
 */
export async function patchProduct(
  services: RoomServices,
  { roomId, productId, prices, stock, base }: ProductPatch,
) {
  const result = await services.repo.patchProduct(
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
  publishProduct(services, result.product);
  return result.product;
}

/** Adds a product to the room, or replaces one of the room's products (keeping its pin). */
export async function upsertProduct(services: RoomServices, input: ProductInput): Promise<Product> {
  const { repo } = services;
  const existing = input.id ? await repo.getProduct(input.roomId, input.id) : null;
  const product: Product | null = await repo.upsertProduct({
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
  });
  // The repository leaves another room's product with that id alone, and then finds none in this room.
  if (!product) throw new StudioError('invalid_argument', 'That product id belongs to another room');
  publishProduct(services, product);
  return product;
}

/** Applies one moderation action to the room; the room's staff (and ops) see the new rules. */
export async function moderate(services: RoomServices, input: ModerationInput): Promise<ModerationState> {
  const { io, repo, moderation, log } = services;
  if (input.action === 'deleteComment') {
    if (await repo.deleteComment(input.roomId, input.commentId)) {
      io.to(input.roomId).emit('comment:deleted', { roomId: input.roomId, commentId: input.commentId });
    }
  }
  const state = await moderation.apply(input);
  services.moderationChanged(input.roomId);
  // A banned person leaves the room at once, on every connection and every gateway node.
  if (input.action === 'ban') await services.evict(input.roomId, input.userId);
  io.to(staffChannel(input.roomId)).to('ops').emit('mod:state', state);
  log.info({ roomId: input.roomId, action: input.action }, 'moderation');
  return state;
}

export function registerRoomHandlers(services: RoomServices, access: SocketAccess): void {
  const { repo, comments, moderation } = services;
  const { socket, on } = access;

  on('comment:send', async ({ roomId, text, clientId }) => {
    access.member(roomId);
    if (!socket.data.buckets.comments.take())
      throw new StudioError('rate_limited', 'You are commenting too fast');
    const host = access.isHost(roomId);
    const handle = access.handle(roomId);
    await moderation.check(roomId, handle, text, access.isStaff(roomId));
    const { x, alerts } = await services.insight.analyze(roomId, text, host);
    services.commentCounted(roomId, x, text, host, alerts);
    const now = Date.now();
    const liveAt = await repo.getLiveStartedAt(roomId);
    const id = commentId(roomId, socket.data.identity.sub, clientId);
    comments.push({
      id,
      roomId,
      t: liveAt ? Math.max(0, now - liveAt) : 0,
      a: handle,
      n: host ? 'Host' : socket.data.displayName,
      text,
      k: host ? 'h' : 'v',
      x,
      createdAt: now,
    });
    return { id };
  });

  on('comment:history', async ({ roomId }) => {
    access.member(roomId);
    return repo.listComments(roomId, 200);
  });

  on('mod:action', async (input) => {
    access.staff(input.roomId);
    return moderate(services, input);
  });

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
    return repo.listProducts(roomId);
  });

  on('insight:get', ({ roomId }) => {
    access.staff(roomId);
    return services.insight.snapshot(roomId);
  });
}
