// Small pure rules of the replay page, unit-tested: which transcript line is current, how long a finishing
// replay still needs, which caption language opens first.
import { REPLAY_READY_TARGET_MS, type ReplayDetail, type TranscriptLine } from '../../core/protocol/replay';

/** The index of the line shown at `ms`: the last one started at or before it (-1: none yet). */
export function lineAt(lines: readonly TranscriptLine[], ms: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]!.startMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Seconds until the replay should be ready: the target after the end, at least 1 while still finishing. */
export function secondsLeft(endedAt: number | null, now: number): number {
  if (endedAt === null) return Math.ceil(REPLAY_READY_TARGET_MS / 1000);
  return Math.max(1, Math.ceil((endedAt + REPLAY_READY_TARGET_MS - now) / 1000));
}

/** The caption track shown first: the UI language's, else the recognised speech, else the first. */
export function defaultCaptionLang(detail: ReplayDetail, uiLanguage: string): string | null {
  const tracks = detail.captions;
  const base = uiLanguage.split('-')[0]!;
  return (
    tracks.find((c) => c.lang === uiLanguage)?.lang ??
    tracks.find((c) => c.lang.split('-')[0] === base)?.lang ??
    tracks.find((c) => c.source)?.lang ??
    tracks[0]?.lang ??
    null
  );
}
