// Substring search over a stream's captions and comments, any script (Chinese has no spaces to split words
// on, so there are no words: any substring matches). Built once per stream: every text folded (NFKC, lower
// case: full-width and half-width, upper and lower case match) and joined into one string, with each text's
// start kept in order; a query is one indexOf loop over that string (V8's string search, a few ms over
// 200,000 comments) and a binary search from each match to its text.
import type { SearchHit } from '../protocol/replay';

export interface SearchDoc {
  kind: SearchHit['kind'];
  id: string;
  t: number;
  text: string;
  lang: string | null;
}

/** Folding applied to texts and queries alike; it keeps string lengths aligned closely enough per text. */
export const foldText = (s: string) => s.normalize('NFKC').toLowerCase();

/** Separates texts in the joined string: never in a folded query, so no match spans two texts. */
const SEP = '\u0000';

export class ReplaySearchIndex {
  private readonly docs: SearchDoc[];
  private readonly starts: number[] = [];
  private readonly haystack: string;

  /** `docs` in the order hits should come back (stream time). */
  constructor(docs: readonly SearchDoc[]) {
    this.docs = [...docs].sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
    const parts: string[] = [];
    let offset = 0;
    for (const d of this.docs) {
      const folded = foldText(d.text).replaceAll(SEP, ' ');
      this.starts.push(offset);
      parts.push(folded);
      offset += folded.length + 1;
    }
    this.haystack = parts.join(SEP);
  }

  get size(): number {
    return this.docs.length;
  }

  /** The texts holding `query`, in stream-time order, at most `limit`; `total` counts them all. */
  search(query: string, limit: number): { hits: SearchHit[]; total: number } {
    const needle = foldText(query.trim()).replaceAll(SEP, '');
    if (!needle) return { hits: [], total: 0 };
    const hits: SearchHit[] = [];
    let total = 0;
    let from = 0;
    for (;;) {
      const at = this.haystack.indexOf(needle, from);
      if (at < 0) break;
      const i = this.docAt(at);
      total += 1;
      if (hits.length < limit) {
        const d = this.docs[i]!;
        hits.push({ kind: d.kind, id: d.id, t: d.t, text: d.text, lang: d.lang });
      }
      // Next text: one hit per text.
      from = i + 1 < this.starts.length ? this.starts[i + 1]! : this.haystack.length;
    }
    return { hits, total };
  }

  private docAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
