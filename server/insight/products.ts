// Which catalog product a comment is about, from the product's titles in every language and its aliases:
// "那个太阳镜多少钱" and "how much are the sunglasses" both point at "Cat-eye sunglasses / 猫眼太阳镜".
// Cues per product: every title and alias whole; each distinctive word of a title in a spaced script (4+
// letters, or 2+ syllables in Korean; a word several products share points at the pinned one, or at
// none); for Chinese and Japanese titles also the last three characters of each run of 4 or more (the
// head noun: 猫眼太阳镜 -> 太阳镜). The longest cue found wins; a tie goes to the pinned one. Cues are
// matched with core/text, by the same folding and word boundaries as catalog names in captions, so a
// name is found at the same place in a comment as in a caption.
import type { Product } from '../../core/protocol/room-events';
import {
  CLS,
  charClass,
  foldKey,
  isSpacedLetterClass,
  isUnspacedClass,
  PhraseIndex,
  sourceRange,
  type FoldedText,
} from '../../core/text';

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

/** A title's distinctive words in spaced scripts: 4+ letters or digits, or 2+ Hangul syllables. */
function words(name: string): string[] {
  const out: string[] = [];
  for (const w of foldKey(name).split(/[^\p{L}\p{N}\p{M}]+/u)) {
    const chars = Array.from(w);
    const classes = chars.map(charClass);
    if (classes.some((k) => !(isSpacedLetterClass(k) || k === CLS.DIGIT)) || STOP.has(w)) continue;
    const hangul = classes.every((k) => k === CLS.HANGUL);
    if (chars.length >= (hangul ? 2 : 4)) out.push(w);
  }
  return out;
}

/** The last three characters of each Chinese or Japanese run of four or more (its head noun). */
function headNouns(name: string): string[] {
  const out: string[] = [];
  for (const run of foldKey(name).match(/[^\s]+/gu) ?? []) {
    let cjk: string[] = [];
    for (const c of [...Array.from(run), '']) {
      const k = charClass(c);
      if (c !== '' && isUnspacedClass(k) && k !== CLS.SEA) {
        cjk.push(c);
        continue;
      }
      if (cjk.length >= 4) out.push(cjk.slice(-3).join(''));
      cjk = [];
    }
  }
  return out;
}

/** A product named in a comment, and where: [start, end) in the comment as written. */
export interface ProductMention {
  productId: string;
  start: number;
  end: number;
}

export class ProductMatcher {
  private readonly index = new PhraseIndex<string>();
  private readonly pinned: string | null;

  constructor(products: readonly Pick<Product, 'id' | 'titles' | 'aliases' | 'pinned'>[]) {
    this.pinned = products.find((p) => p.pinned)?.id ?? null;
    const wordOwners = new Map<string, Set<string>>();
    for (const p of products) {
      const names = [...Object.values(p.titles), ...(p.aliases ?? [])];
      for (const name of names) {
        this.index.add(name, p.id);
        for (const head of headNouns(name)) this.index.add(head, p.id);
        for (const w of words(name)) {
          if (!wordOwners.has(w)) wordOwners.set(w, new Set());
          wordOwners.get(w)!.add(p.id);
        }
      }
    }
    for (const [w, owners] of wordOwners) {
      // A word several products share ("sunglasses" of three variants) points at the pinned one, if any.
      if (owners.size === 1) this.index.add(w, [...owners][0]!);
      else if (this.pinned && owners.has(this.pinned)) this.index.add(w, this.pinned);
    }
  }

  /** The product a comment (folded with core/text foldText) names, and where, or null. */
  find(folded: FoldedText): ProductMention | null {
    let best: string | null = null;
    let bestStart = 0;
    let bestEnd = 0;
    this.index.scan(folded, (ids, start, end) => {
      for (const id of ids) {
        const longer = end - start > bestEnd - bestStart;
        if (longer || (end - start === bestEnd - bestStart && id === this.pinned && best !== id)) {
          best = id;
          bestStart = start;
          bestEnd = end;
        }
      }
    });
    if (best === null) return null;
    const [start, end] = sourceRange(folded, bestStart, bestEnd);
    return { productId: best, start, end };
  }

  /** The product a comment (folded with core/text foldText) refers to, or null. */
  match(folded: FoldedText): string | null {
    return this.find(folded)?.productId ?? null;
  }
}
