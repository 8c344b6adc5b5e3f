// A caption's text cut into plain runs and protected catalog terms (product names, prices), so the
// terms can be emphasised. Pure: the pieces are rendered as React text, never as markup.
import type { CaptionTerm } from '../../core/protocol/captions';

export interface CaptionSegment {
  text: string;
  term: CaptionTerm['kind'] | null;
}

export function captionSegments(text: string, terms: readonly CaptionTerm[]): CaptionSegment[] {
  const segments: CaptionSegment[] = [];
  let at = 0;
  const sorted = [...terms]
    .filter((t) => t.start < t.end && t.start >= 0)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  for (const term of sorted) {
    const start = Math.max(term.start, at);
    const end = Math.min(term.end, text.length);
    // Overlapping or out-of-range spans: the part already covered stays as it is.
    if (start >= end) continue;
    if (start > at) segments.push({ text: text.slice(at, start), term: null });
    segments.push({ text: text.slice(start, end), term: term.kind });
    at = end;
  }
  if (at < text.length || segments.length === 0) segments.push({ text: text.slice(at), term: null });
  return segments;
}
