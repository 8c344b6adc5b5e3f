// Which catalog product a comment is about, from the product's titles in every language and its aliases:
// "那个太阳镜多少钱" and "how much are the sunglasses" both point at "Cat-eye sunglasses / 猫眼太阳镜".
// Cues per product: every title and alias whole; for spaced scripts also each distinctive word of a title
// (4+ letters; a word several products share points at the pinned one, or at none); for CJK titles also
// their last three characters (the head noun: 猫眼太阳镜 -> 太阳镜). The longest cue found wins; a tie
// goes to the pinned one.
import type { Product } from '../../core/protocol/room-events';
import { CueTrie, foldText, isWordChar } from './cue-trie';

const STOP = new Set([
  'with',
  'this',
  'that',
  'from',
  'your',
  'para',
  'with',
  'pour',
  'avec',
  'und',
  'mit',
  'the',
]);

function words(name: string): string[] {
  return foldText(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4 && [...w].every((c) => isWordChar(c)) && !STOP.has(w));
}

const hasCjk = (s: string) =>
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(s);

export class ProductMatcher {
  private readonly trie = new CueTrie<string>();
  private readonly pinned: string | null;

  constructor(products: readonly Pick<Product, 'id' | 'titles' | 'aliases' | 'pinned'>[]) {
    this.pinned = products.find((p) => p.pinned)?.id ?? null;
    const wordOwners = new Map<string, Set<string>>();
    for (const p of products) {
      const names = [...Object.values(p.titles), ...(p.aliases ?? [])];
      for (const name of names) {
        this.trie.add(name, p.id);
        const folded = foldText(name).replace(/\s+/g, '');
        if (hasCjk(folded) && [...folded].length >= 4) this.trie.add([...folded].slice(-3).join(''), p.id);
        for (const w of words(name)) {
          if (!wordOwners.has(w)) wordOwners.set(w, new Set());
          wordOwners.get(w)!.add(p.id);
        }
      }
    }
    for (const [w, owners] of wordOwners) {
      // A word several products share ("sunglasses" of three variants) points at the pinned one, if any.
      if (owners.size === 1) this.trie.add(w, [...owners][0]!);
      else if (this.pinned && owners.has(this.pinned)) this.trie.add(w, this.pinned);
    }
  }

  /** The product `folded` (from foldText) refers to, or null. */
  match(folded: string): string | null {
    let best: string | null = null;
    let bestLength = 0;
    this.trie.scan(folded, (id, length) => {
      if (length > bestLength || (length === bestLength && id === this.pinned)) {
        best = id;
        bestLength = length;
      }
    });
    return best;
  }
}
