// Per-room moderation: blocked words, muted and banned viewers, slow mode. Kept in the store and
// cached here (per gateway node; a change made on another node drops the copy, see the gateway); checks
// run on every comment before it reaches anyone. People are named by their per-room author handle, which
// the server derives from the identity it issued: a ban holds for that identity, whatever socket it uses.
import type { ModerationInput, ModerationState } from '../../core/protocol/room-events';
import { StudioError } from '../../core/protocol/result';
import type { StudioStore } from '../store/store';

interface RoomModeration {
  state: ModerationState;
  lastCommentAt: Map<string, number>;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** Rooms whose rules stay cached (least recently used go first; they are read again when needed). */
const MAX_CACHED_ROOMS = 2000;
/** Slow-mode timestamps kept per room before the expired ones are swept. */
const SWEEP_LAST_COMMENTS_AT = 1000;

export class ModerationCache {
  private readonly rooms = new Map<string, Promise<RoomModeration>>();

  constructor(
    private readonly repo: StudioStore,
    private readonly maxRooms = MAX_CACHED_ROOMS,
  ) {}

  /** Rooms cached now. */
  get size(): number {
    return this.rooms.size;
  }

  private room(roomId: string): Promise<RoomModeration> {
    let entry = this.rooms.get(roomId);
    if (entry) {
      // Most recently used last, so the first key is the one to evict.
      this.rooms.delete(roomId);
      this.rooms.set(roomId, entry);
    }
    if (!entry) {
      if (this.rooms.size >= this.maxRooms) this.rooms.delete(this.rooms.keys().next().value!);
      entry = this.repo.moderation.list(roomId).then((rows) => ({
        state: {
          roomId,
          blockedWords: rows.filter((r) => r.kind === 'blocked_word').map((r) => r.value),
          muted: rows.filter((r) => r.kind === 'muted').map((r) => r.value),
          banned: rows.filter((r) => r.kind === 'banned').map((r) => r.value),
          slowModeSeconds: Number(rows.find((r) => r.kind === 'slow_mode')?.value ?? 0),
        },
        lastCommentAt: new Map(),
      }));
      this.rooms.set(roomId, entry);
      entry.catch(() => this.rooms.delete(roomId));
    }
    return entry;
  }

  /** Drops the cached rules of a room; the next check reads them from the repository again. */
  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }

  async state(roomId: string): Promise<ModerationState> {
    return structuredClone((await this.room(roomId)).state);
  }

  async isBanned(roomId: string, userId: string): Promise<boolean> {
    return (await this.room(roomId)).state.banned.includes(userId);
  }

  /** Throws a typed error when this comment may not be posted; records it for slow mode otherwise. */
  async check(
    roomId: string,
    userId: string,
    text: string,
    isStaff: boolean,
    now = Date.now(),
  ): Promise<void> {
    const { state, lastCommentAt } = await this.room(roomId);
    if (isStaff) return;
    if (state.banned.includes(userId)) throw new StudioError('forbidden', 'You are banned from this room');
    if (state.muted.includes(userId)) throw new StudioError('forbidden', 'You are muted in this room');
    const folded = fold(text);
    if (state.blockedWords.some((w) => folded.includes(fold(w)))) {
      throw new StudioError('invalid_argument', 'This comment contains a word the host has blocked');
    }
    if (state.slowModeSeconds === 0) return;
    const windowMs = state.slowModeSeconds * 1000;
    const last = lastCommentAt.get(userId);
    if (last !== undefined && now - last < windowMs) {
      throw new StudioError('rate_limited', `Slow mode: one comment every ${state.slowModeSeconds} s`);
    }
    lastCommentAt.set(userId, now);
    // Only timestamps inside the window matter: the map holds the room's recent commenters, no more.
    if (lastCommentAt.size >= SWEEP_LAST_COMMENTS_AT) {
      for (const [id, at] of lastCommentAt) if (now - at >= windowMs) lastCommentAt.delete(id);
    }
  }

  async apply(input: ModerationInput): Promise<ModerationState> {
    const { roomId } = input;
    const { state } = await this.room(roomId);
    switch (input.action) {
      case 'blockWords':
        await this.repo.moderation.add(roomId, 'blocked_word', input.words);
        state.blockedWords = [...new Set([...state.blockedWords, ...input.words])];
        break;
      case 'unblockWords':
        await this.repo.moderation.remove(roomId, 'blocked_word', input.words);
        state.blockedWords = state.blockedWords.filter((w) => !input.words.includes(w));
        break;
      case 'mute':
        await this.repo.moderation.add(roomId, 'muted', [input.userId]);
        state.muted = [...new Set([...state.muted, input.userId])];
        break;
      case 'unmute':
        await this.repo.moderation.remove(roomId, 'muted', [input.userId]);
        state.muted = state.muted.filter((u) => u !== input.userId);
        break;
      case 'ban':
        await this.repo.moderation.add(roomId, 'banned', [input.userId]);
        state.banned = [...new Set([...state.banned, input.userId])];
        break;
      case 'slowMode':
        await this.repo.moderation.add(roomId, 'slow_mode', [String(input.seconds)]);
        state.slowModeSeconds = input.seconds;
        break;
      case 'deleteComment':
        break; // handled by the caller: it is about one comment, not the room's rules
    }
    return structuredClone(state);
  }
}
