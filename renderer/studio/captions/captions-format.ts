// Small pure helpers for the captions card: sizes, lag levels and the order of caption languages shown.
import { CAPTION_LANGUAGES, type ModelStatus } from '../../../core/protocol/captions';

/** "290 MB", "1.2 GB": model sizes as people read them (decimal units, like download sites). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

export type LagLevel = 'ok' | 'warn' | 'bad';

/** Caption lag as the meter colours it: amber over 1 s, red over 2 s. */
export function lagLevel(ms: number): LagLevel {
  return ms > 2000 ? 'bad' : ms > 1000 ? 'warn' : 'ok';
}

/** The bar's fill, 0..100, full at 3 s. */
export function lagPercent(ms: number): number {
  return Math.max(2, Math.min(100, Math.round((ms / 3000) * 100)));
}

export function downloadPercent(model: Pick<ModelStatus, 'bytes' | 'downloadedBytes'>): number {
  return model.bytes > 0 ? Math.min(100, Math.floor((model.downloadedBytes / model.bytes) * 100)) : 0;
}

/** The spoken language first, then every other language with captions, in catalog order. */
export function laneOrder(source: string, languages: Iterable<string>): string[] {
  const set = new Set(languages);
  set.delete(source);
  const known = CAPTION_LANGUAGES.filter((l) => set.has(l));
  const other = [...set].filter((l) => !(CAPTION_LANGUAGES as readonly string[]).includes(l)).sort();
  return [source, ...known, ...other];
}

/** "es 3, ja 1": the viewers' demand, most wanted first. */
export function demandEntries(demand: Record<string, number>): [string, number][] {
  return Object.entries(demand)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
