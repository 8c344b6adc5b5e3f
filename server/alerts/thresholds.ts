// The alert thresholds in effect for a room: DEFAULT_THRESHOLDS, then the global values ops set, then the
// room's overrides. A short-lived per-node cache keeps the rules off the database on busy rooms; a change
// made on another gateway node is seen within CACHE_MS.
import {
  AlertThresholdsSchema,
  DEFAULT_THRESHOLDS,
  type AlertThresholds,
} from '../../core/protocol/analytics-events';
import { GLOBAL_SCOPE, type ThresholdsStore } from '../store/thresholds-store';

const CACHE_MS = 5000;

/** Only the known fields with valid values of a stored override set (a bad row never breaks the rules). */
function valid(overrides: Partial<AlertThresholds> | null | undefined): Partial<AlertThresholds> {
  if (!overrides) return {};
  const parsed = AlertThresholdsSchema.partial().safeParse(overrides);
  return parsed.success ? parsed.data : {};
}

/** Defaults, overridden by the global values, overridden by the room's. */
export function mergeThresholds(
  global: Partial<AlertThresholds> | null,
  room: Partial<AlertThresholds> | null = null,
): AlertThresholds {
  return { ...DEFAULT_THRESHOLDS, ...valid(global), ...valid(room) };
}

export class Thresholds {
  private readonly cache = new Map<string, { at: number; value: Promise<AlertThresholds> }>();

  constructor(
    private readonly store: ThresholdsStore,
    private readonly clock: () => number = Date.now,
  ) {}

  /** In effect for a room (null: the global values). */
  of(roomId: string | null): Promise<AlertThresholds> {
    const key = roomId ?? GLOBAL_SCOPE;
    const now = this.clock();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_MS) return hit.value;
    const value = this.load(roomId);
    this.cache.set(key, { at: now, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /** Sets a scope's overrides (null: none, i.e. the defaults for the global scope); returns what is in effect. */
  async set(roomId: string | null, overrides: Partial<AlertThresholds> | null): Promise<AlertThresholds> {
    await this.store.set(roomId ?? GLOBAL_SCOPE, overrides && valid(overrides), this.clock());
    if (roomId === null) this.cache.clear();
    else this.cache.delete(roomId);
    return this.of(roomId);
  }

  /** The room ended: its cached values go. */
  release(roomId: string): void {
    this.cache.delete(roomId);
  }

  get size(): number {
    return this.cache.size;
  }

  private async load(roomId: string | null): Promise<AlertThresholds> {
    const [global, room] = await Promise.all([
      this.store.get(GLOBAL_SCOPE),
      roomId === null ? null : this.store.get(roomId),
    ]);
    return mergeThresholds(global, room);
  }
}
