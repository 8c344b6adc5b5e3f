// Many phrases (catalog names, cue words) found in one pass over a folded text: a trie of the folded
// phrases, walked from each position, each occurrence kept only on word boundaries (the rule in script.ts).
// Every occurrence is reported, overlapping ones included; selectLongest picks the longest non-overlapping
// ones where a caller needs spans (the captions glossary), a caller that only needs the best can keep
// the longest itself (product links).
import { codePointBefore, foldKey, foldText, sourceRange, type FoldedText } from './fold';
import { isHangulCodePoint, isWordCodePoint } from './script';

interface Node<T> {
  next: Map<number, Node<T>> | null;
  /** Values of the phrases that end here (several phrases may fold to the same text). */
  values: T[] | null;
  /** The phrase ends with a letter or digit of a spaced script, so the text's word must end with it. */
  needEnd: boolean;
}

/** One occurrence, with [start, end) in the text as written. */
export interface PhraseMatch<T> {
  values: readonly T[];
  start: number;
  end: number;
}

/** Here a word of a spaced script ends (or a Korean particle follows): `end` is a UTF-16 index of `f`. */
function wordEndsAt(f: string, end: number): boolean {
  if (end >= f.length) return true;
  const cp = f.codePointAt(end)!;
  return !isWordCodePoint(cp) || isHangulCodePoint(cp);
}

export class PhraseIndex<T> {
  private readonly root = new Map<number, Node<T>>();
  /** Bit per UTF-16 unit that starts a phrase: most positions of a text are ruled out by one look-up. */
  private readonly firsts = new Uint32Array(0x10000 / 32);
  /** Phrases added (a phrase that folds to nothing is not). */
  size = 0;

  /** Adds a phrase (folded here with foldText's rules); false when it folds to nothing. */
  add(phrase: string, value: T): boolean {
    const key = foldKey(phrase);
    if (key.length === 0) return false;
    let level = this.root;
    let node: Node<T> | undefined;
    this.firsts[key.charCodeAt(0) >>> 5]! |= 1 << (key.charCodeAt(0) & 31);
    for (let k = 0; k < key.length; k++) {
      const unit = key.charCodeAt(k);
      node = level.get(unit);
      if (!node) level.set(unit, (node = { next: null, values: null, needEnd: false }));
      if (k + 1 < key.length) level = node.next ??= new Map();
    }
    (node!.values ??= []).push(value);
    node!.needEnd = isWordCodePoint(codePointBefore(key, key.length));
    this.size++;
    return true;
  }

  /**
   * Calls `hit` for every occurrence in the folded text that sits on word boundaries, with the values of
   * the phrases found and the occurrence's [start, end) in the folded text; by start, then by length.
   */
  scan(folded: FoldedText, hit: (values: readonly T[], start: number, end: number) => void): void {
    const f = folded.text;
    const n = f.length;
    const firsts = this.firsts;
    for (let i = 0; i < n; i++) {
      const c = f.charCodeAt(i);
      if ((firsts[c >>> 5]! & (1 << (c & 31))) === 0) continue;
      let node: Node<T> | undefined = this.root.get(c)!;
      // A phrase that starts with a letter or digit of a spaced script cannot start inside a word
      // (checked at the first phrase found from here: most walks find none).
      let startsWord = -1;
      for (let j = i; ;) {
        if (node.values !== null && (!node.needEnd || wordEndsAt(f, j + 1))) {
          if (startsWord < 0)
            startsWord =
              i > 0 && isWordCodePoint(f.codePointAt(i)!) && isWordCodePoint(codePointBefore(f, i)) ? 0 : 1;
          if (startsWord === 0) break;
          hit(node.values, i, j + 1);
        }
        if (node.next === null || ++j >= n) break;
        node = node.next.get(f.charCodeAt(j));
        if (node === undefined) break;
      }
    }
  }

  /** Every occurrence in `text`, with offsets into the text as written. */
  find(text: string | FoldedText): PhraseMatch<T>[] {
    const folded = typeof text === 'string' ? foldText(text) : text;
    const found: PhraseMatch<T>[] = [];
    this.scan(folded, (values, s, e) => {
      const [start, end] = sourceRange(folded, s, e);
      found.push({ values, start, end });
    });
    return found;
  }
}

export interface Span {
  start: number;
  end: number;
}

/** The longest spans first, then the leftmost; one overlapping a span already taken is dropped. By start. */
export function selectLongest<S extends Span>(candidates: readonly S[]): S[] {
  const sorted = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: S[] = [];
  for (const c of sorted) if (chosen.every((s) => c.end <= s.start || c.start >= s.end)) chosen.push(c);
  return chosen.sort((a, b) => a.start - b.start);
}
