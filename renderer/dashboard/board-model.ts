// The board's pure parts: applying BoardUpdates to the tiles, sorting by any column and filtering by alert.
import type { BoardTile, BoardUpdate } from '../../core/protocol/analytics-events';
import { dominantCurrency } from '../shared/money';

export const SORT_KEYS = [
  'title',
  'host',
  'liveSince',
  'online',
  'gmv',
  'gpm',
  'conversion',
  'mood',
  'health',
  'alerts',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface BoardSort {
  key: SortKey;
  /** true: largest (or A) first. */
  desc: boolean;
}
export const DEFAULT_SORT: BoardSort = { key: 'alerts', desc: true };

export type TileMap = Readonly<Record<string, BoardTile>>;

/**
 * The tiles after `update`: changed tiles replaced, ended rooms removed, every other tile the same object
 * (so a memoized tile whose room did not change does not render again).
 */
export function applyBoardUpdate(tiles: TileMap, update: Pick<BoardUpdate, 'tiles' | 'removed'>): TileMap {
  if (update.tiles.length === 0 && !update.removed.some((id) => id in tiles)) return tiles;
  const next: Record<string, BoardTile> = { ...tiles };
  for (const tile of update.tiles) next[tile.roomId] = tile;
  for (const id of update.removed) delete next[id];
  return next;
}

export function tilesFrom(list: BoardTile[]): TileMap {
  return Object.fromEntries(list.map((t) => [t.roomId, t]));
}

/** Health as a rank: poor 0, fine 2, no report yet 1 (unknown sorts between). */
const healthRank = (t: BoardTile) => (t.health === null ? 1 : t.health.poor ? 0 : 2);

function value(t: BoardTile, key: SortKey, currency: string | null): number | string {
  switch (key) {
    case 'title':
      return t.title.toLocaleLowerCase();
    case 'host':
      return t.host.toLocaleLowerCase();
    case 'liveSince':
      // Longest live first when descending: an earlier start is a longer time live.
      return t.liveSince === null ? -Infinity : -t.liveSince;
    case 'online':
      return t.online;
    case 'gmv':
      return currency === null ? 0 : (t.gmvPlaced[currency] ?? -1);
    case 'gpm':
      return currency === null ? 0 : (t.gpm[currency] ?? -1);
    case 'conversion':
      return t.conversion;
    case 'mood':
      return t.mood ?? -Infinity;
    case 'health':
      return healthRank(t);
    case 'alerts':
      return t.openAlerts;
  }
}

export interface BoardView {
  ids: string[];
  /** The currency GMV and GPM are ranked by (null: no sales yet). */
  currency: string | null;
}

/**
 * The room ids to show, in order. Money columns rank by the currency most rooms sell in (rooms without it
 * come last); ties fall back to the title then the id, so the order is stable between updates.
 */
export function boardView(tiles: TileMap, sort: BoardSort, alertsOnly: boolean): BoardView {
  const list = Object.values(tiles).filter((t) => !alertsOnly || t.openAlerts > 0);
  const currency =
    sort.key === 'gmv'
      ? dominantCurrency(list.map((t) => t.gmvPlaced))
      : sort.key === 'gpm'
        ? dominantCurrency(list.map((t) => t.gpm))
        : null;
  const sign = sort.desc ? -1 : 1;
  const keyed = list.map((t) => ({ t, v: value(t, sort.key, currency) }));
  keyed.sort((a, b) => {
    if (a.v !== b.v) {
      if (typeof a.v === 'string' && typeof b.v === 'string') return sign * a.v.localeCompare(b.v);
      return sign * ((a.v as number) < (b.v as number) ? -1 : 1);
    }
    return a.t.title.localeCompare(b.t.title) || (a.t.roomId < b.t.roomId ? -1 : 1);
  });
  return { ids: keyed.map((k) => k.t.roomId), currency };
}

/** The same ids in the same order (the grid then keeps its children as they are). */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Which tile arrow keys move to in a grid of `columns`, from `index` (clamped to the list). */
export function moveFocus(index: number, key: string, count: number, columns: number): number {
  if (count === 0) return -1;
  const cols = Math.max(1, columns);
  const i = Math.min(Math.max(index, 0), count - 1);
  switch (key) {
    case 'ArrowRight':
      return Math.min(i + 1, count - 1);
    case 'ArrowLeft':
      return Math.max(i - 1, 0);
    case 'ArrowDown':
      return Math.min(i + cols, count - 1);
    case 'ArrowUp':
      return i - cols >= 0 ? i - cols : i;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return i;
  }
}

/** Duration as h:mm:ss (or m:ss under an hour). */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** SVG polyline points for a sparkline of `values` in a width x height box (a flat line when all equal). */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => {
      const y = max === min ? height / 2 : height - ((v - min) / span) * height;
      return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
