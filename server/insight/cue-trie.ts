// Many cue phrases found in one pass over a short text: a trie of the cues, walked from each position.
// Cues made of letters of spaced scripts (Latin, Cyrillic, Arabic...) only match as whole words; CJK cues
// match anywhere. Text and cues are folded the same way (NFKC, lower case).
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LETTER = /[\p{L}\p{N}]/u;
/** A letter or digit of a script that separates words with spaces (a cue must not run into it). */
export const isWordChar = (c: string | undefined) => c !== undefined && LETTER.test(c) && !CJK.test(c);
export const foldText = (text: string) => text.normalize('NFKC').toLowerCase();

interface Node<T> {
  next: Map<number, Node<T>>;
  out: { value: T; start: boolean; end: boolean; length: number }[];
}

export class CueTrie<T> {
  private readonly root: Node<T> = { next: new Map(), out: [] };
  size = 0;

  add(cue: string, value: T): void {
    const folded = foldText(cue).trim();
    if (!folded) return;
    let node = this.root;
    for (let i = 0; i < folded.length; i++) {
      const code = folded.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) node.next.set(code, (child = { next: new Map(), out: [] }));
      node = child;
    }
    node.out.push({
      value,
      start: isWordChar(folded[0]),
      end: isWordChar(folded[folded.length - 1]),
      length: folded.length,
    });
    this.size++;
  }

  /** Calls `hit` for every cue found in `folded` (text already folded with foldText). */
  scan(folded: string, hit: (value: T, length: number) => void): void {
    for (let i = 0; i < folded.length; i++) {
      let node: Node<T> | undefined = this.root;
      for (let j = i; j < folded.length; j++) {
        node = node.next.get(folded.charCodeAt(j));
        if (!node) break;
        for (const o of node.out) {
          if (o.start && isWordChar(folded[i - 1])) continue;
          if (o.end && isWordChar(folded[j + 1])) continue;
          hit(o.value, o.length);
        }
      }
    }
  }
}
