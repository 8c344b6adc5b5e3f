// A room's host key: handed to the studio that created the room, stored only as a hash, and presented
// again to host the room from another connection (room:join) or to apply queued host actions (outbox).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { StudioStore } from '../store/store';

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** True when `key` is the host key of `roomId` (false for an unknown room). */
export async function isHostKey(repo: StudioStore, roomId: string, key: string): Promise<boolean> {
  const stored = await repo.rooms.hostKeyHash(roomId);
  return stored !== null && sameHash(stored, hashKey(key));
}
