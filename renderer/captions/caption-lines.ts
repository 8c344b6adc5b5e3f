// The caption lines of one language, as a pure reducer shared by the viewer's layer and the studio's
// preview. Partial captions of one utterance share an id and replace each other; the final one replaces
// them and is kept; anything older (by emittedAt) than what an id already showed, and anything after its
// final, is ignored, so events that arrive out of order never take a line back.
import type { Caption, CaptionTerm } from '../../core/protocol/captions';

export interface CaptionLine {
  id: string;
  text: string;
  final: boolean;
  startMs: number;
  emittedAt: number;
  terms: CaptionTerm[];
  /** Local clock (ms) when this version of the line arrived, for hiding lines after a pause. */
  receivedAt: number;
}

export interface CaptionLaneState {
  /** Final lines by startMs, oldest first; the last few. */
  finals: CaptionLine[];
  /** Utterances still being spoken or translated, by startMs; the last few. */
  partials: CaptionLine[];
  /** The newest event applied per caption id (bounded): [id, emittedAt, final]. */
  seen: [id: string, emittedAt: number, final: boolean][];
}

export const EMPTY_LANE: CaptionLaneState = { finals: [], partials: [], seen: [] };

const FINALS_KEPT = 5;
const PARTIALS_KEPT = 4;
const SEEN_KEPT = 64;
/** A line stays up this long after it arrived when nothing replaces it (ms). */
export const CAPTION_HOLD_MS = 8000;

const byStart = (a: CaptionLine, b: CaptionLine) => a.startMs - b.startMs || a.emittedAt - b.emittedAt;

export function applyCaption(
  state: CaptionLaneState,
  caption: Pick<Caption, 'id' | 'text' | 'final' | 'startMs' | 'emittedAt'> & { terms?: CaptionTerm[] },
  receivedAt: number,
): CaptionLaneState {
  const previous = state.seen.find(([id]) => id === caption.id);
  if (previous) {
    const [, emittedAt, wasFinal] = previous;
    if (caption.emittedAt < emittedAt) return state;
    // A final is the last word on its utterance; only a newer final (a correction) replaces it.
    if (wasFinal && !(caption.final && caption.emittedAt > emittedAt)) return state;
  }
  const line: CaptionLine = {
    id: caption.id,
    text: caption.text,
    final: caption.final,
    startMs: caption.startMs,
    emittedAt: caption.emittedAt,
    terms: caption.terms ?? [],
    receivedAt,
  };
  const partials = state.partials.filter((l) => l.id !== caption.id);
  const finals = state.finals.filter((l) => l.id !== caption.id);
  const seen = [
    ...state.seen.filter(([id]) => id !== caption.id),
    [caption.id, caption.emittedAt, caption.final] as [string, number, boolean],
  ].slice(-SEEN_KEPT);
  if (caption.final) {
    return { finals: [...finals, line].sort(byStart).slice(-FINALS_KEPT), partials, seen };
  }
  return { finals, partials: [...partials, line].sort(byStart).slice(-PARTIALS_KEPT), seen };
}

/**
 * What a two-line caption box shows at `now`: the newest final line and the partial being spoken after
 * it, each while it is fresh (CAPTION_HOLD_MS since it arrived).
 */
export function visibleLines(state: CaptionLaneState, now: number, holdMs = CAPTION_HOLD_MS): CaptionLine[] {
  const final = state.finals.at(-1) ?? null;
  const partial = state.partials.filter((p) => !final || p.startMs >= final.startMs).at(-1) ?? null;
  const fresh = (l: CaptionLine | null): l is CaptionLine => !!l && now - l.receivedAt < holdMs;
  return [final, partial].filter(fresh);
}

/** When the next visible line goes stale (for a timer), or null when nothing is shown. */
export function nextExpiry(state: CaptionLaneState, now: number, holdMs = CAPTION_HOLD_MS): number | null {
  const lines = visibleLines(state, now, holdMs);
  return lines.length === 0 ? null : Math.min(...lines.map((l) => l.receivedAt + holdMs));
}
