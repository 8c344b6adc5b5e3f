// Matches the seed lexicon against normalised text and turns hits into a handful of shared features.
// Longest match first at each position, so "不错" (good) wins over the negator "不" and "not bad" over
// "not". A negator ("not", "不", "nunca") flips the polarity of hits in the next three words (spaced
// scripts) or three characters (Chinese and other unspaced scripts), until a clause break.
import { SEED_LEXICON, type SeedKind } from './seed-lexicon';
import { CLS } from '../text/script';
import { NormalizedText, normalizeInto } from './text';

/** Lexicon feature slots; the model keeps one learned weight row for each. */
export const LEX = {
  POS: 0,
  POS_STRONG: 1,
  NEG: 2,
  NEG_STRONG: 3,
  NEGATED_POS: 4,
  NEGATED_NEG: 5,
  EMOJI_POS: 6,
  EMOJI_NEG: 7,
  LAUGH: 8,
  CRY: 9,
  WEAK_POS: 10,
  WEAK_NEG: 11,
} as const;
/** Shared lexicon slots, the same for every language. */
export const LEXICON_SLOTS = 12;
/**
 * Seed groups whose language has licensed training data (XLM-T, NSMC), plus emoji and emoticons: a hit
 * of theirs uses the group's own copy of the slots, learned next to that language's text features. Hits
 * of other groups (zh, ja, id, th, vi, ru, tr) use the shared slots, which training fits on lexicon-only
 * views of every language's examples: the situation of a Chinese comment, scored by its lexicon alone.
 */
export const LEXICON_GROUPS = [
  'emoji',
  'emoticon',
  'en',
  'es',
  'pt',
  'fr',
  'de',
  'it',
  'ar',
  'hi',
  'ko',
] as const;
export const LEXICON_FEATURES = LEXICON_SLOTS * (1 + LEXICON_GROUPS.length);
export const LEXICON_FEATURE_NAMES = [
  'pos',
  'pos_strong',
  'neg',
  'neg_strong',
  'negated_pos',
  'negated_neg',
  'emoji_pos',
  'emoji_neg',
  'laugh',
  'cry',
  'weak_pos',
  'weak_neg',
] as const;

interface Entry {
  readonly text: string;
  readonly group: string;
  /** First row of the group's own block of slots; -1 for a group that uses the shared slots. */
  readonly groupBase: number;
  readonly kind: SeedKind;
  readonly cps: Int32Array;
  readonly emoji: boolean;
  readonly needLeft: boolean;
  readonly needRight: boolean;
}

/** Letters and digits of scripts that put spaces between words: an entry must not match inside a word. */
const WORDISH = new Uint8Array(16);
for (const k of [
  CLS.LATIN,
  CLS.DIGIT,
  CLS.CYRILLIC,
  CLS.GREEK,
  CLS.ARABIC,
  CLS.HEBREW,
  CLS.DEVANAGARI,
  CLS.INDIC,
  CLS.OTHER,
]) {
  WORDISH[k] = 1;
}
const wordish = (k: number): boolean => WORDISH[k] === 1;

const CLAUSE_BREAKS = new Set([
  0x2e, 0x2c, 0x21, 0x3f, 0x3b, 0x3a, 0x3002, 0xff0c, 0x3001, 0x2026, 0x060c, 0x061f,
]);

// Arabic glues conjunctions, prepositions and the article to the word: "والجميل" is "and the beautiful".
const ARABIC_CLITICS = ['وال', 'بال', 'فال', 'كال', 'لل', 'ال', 'و'].map((c) =>
  [...c].map((ch) => ch.codePointAt(0)!),
);

/** A character trie over normalised entries: matching walks only as far as the text agrees. */
interface TrieNode {
  children: Map<number, TrieNode> | null;
  /** Entries that end here (a prefix entry and a whole-word entry may share their text). */
  entries: Entry[] | null;
}
const trieNode = (): TrieNode => ({ children: null, entries: null });

export interface CompiledLexicon {
  readonly entries: readonly Entry[];
  /** Entries that normalise to the same text with different kinds; the first one is kept. */
  readonly conflicts: readonly string[];
  readonly root: TrieNode;
  /** The root's children for BMP first characters, as a dense array (the hot lookup). */
  readonly firstBmp: (TrieNode | undefined)[];
  readonly firstAstral: Set<number>;
}

function groupBase(group: string): number {
  const index = (LEXICON_GROUPS as readonly string[]).indexOf(group);
  return index < 0 ? -1 : LEXICON_SLOTS * (1 + index);
}

export function compileLexicon(seed: typeof SEED_LEXICON = SEED_LEXICON): CompiledLexicon {
  const scratch = new NormalizedText();
  const seen = new Map<string, Entry>();
  const conflicts: string[] = [];
  const entries: Entry[] = [];
  for (const [group, kinds] of Object.entries(seed)) {
    for (const [kind, list] of Object.entries(kinds) as [SeedKind, string][]) {
      for (const raw of list.split('|')) {
        const prefix = raw.length > 1 && raw.endsWith('*');
        const norm = normalizeInto(prefix ? raw.slice(0, -1) : raw, scratch);
        if (norm.length === 0) continue;
        const cps = norm.cp.slice(0, norm.length);
        const text = String.fromCodePoint(...cps) + (prefix ? '*' : '');
        const previous = seen.get(text);
        if (previous) {
          if (previous.kind !== kind)
            conflicts.push(`${text}: ${previous.group}.${previous.kind} vs ${group}.${kind}`);
          continue;
        }
        const entry: Entry = {
          text,
          group,
          groupBase: groupBase(group),
          kind,
          cps,
          emoji: norm.cls[0] === CLS.EMOJI,
          needLeft: wordish(norm.cls[0]!),
          needRight: !prefix && wordish(norm.cls[norm.length - 1]!),
        };
        seen.set(text, entry);
        entries.push(entry);
      }
    }
  }
  const root = trieNode();
  const firstAstral = new Set<number>();
  for (const e of entries) {
    const first = e.cps[0]!;
    if (first >= 0x10000) firstAstral.add(first);
    let node = root;
    for (const cp of e.cps) {
      node.children ??= new Map();
      let next = node.children.get(cp);
      if (!next) {
        next = trieNode();
        node.children.set(cp, next);
      }
      node = next;
    }
    (node.entries ??= []).push(e);
  }
  const firstBmp = new Array<TrieNode | undefined>(0x10000).fill(undefined);
  for (const [cp, child] of root.children ?? []) if (cp < 0x10000) firstBmp[cp] = child;
  return { entries, conflicts, root, firstBmp, firstAstral };
}

let compiled: CompiledLexicon | null = null;
/** The seed lexicon, compiled on first use. */
export function seedLexicon(): CompiledLexicon {
  compiled ??= compileLexicon();
  return compiled;
}

/** The longest entry that matches `t` at `i` and sits on word boundaries where it must. */
function longestAt(lex: CompiledLexicon, t: NormalizedText, i: number, leftFree: boolean): Entry | null {
  const first = t.cp[i]!;
  let node: TrieNode | undefined;
  if (first < 0x10000) node = lex.firstBmp[first];
  else node = lex.firstAstral.has(first) ? lex.root.children?.get(first) : undefined;
  if (node === undefined) return null;
  // Every entry starting here starts with the same character, so they share one left-boundary rule.
  if (!leftFree && wordish(t.cls[i]!)) return null;
  const n = t.length;
  let best: Entry | null = null;
  for (let j = i; ;) {
    const ends: Entry[] | null = node.entries;
    if (ends !== null) {
      const rightOpen = j + 1 >= n || !wordish(t.cls[j + 1]!);
      for (let k = 0; k < ends.length; k++) {
        const e = ends[k]!;
        if (!e.needRight || rightOpen) {
          best = e;
          break;
        }
      }
    }
    if (node.children === null || ++j >= n) break;
    node = node.children.get(t.cp[j]!);
    if (node === undefined) break;
  }
  return best;
}

/** A lexicon hit, for tests and explanations. */
export interface LexiconHit {
  readonly entry: string;
  readonly kind: SeedKind;
  readonly feature: number;
  readonly at: number;
}

/**
 * Writes the row of every hit in `t` into `out` (its group's slot, or the shared slot for a group
 * without rows) and its shared slot into `outShared` at the same index, from index `start`; returns
 * the new end index. `hits`, when given, receives each hit
 * (tests); the hot path passes nothing.
 */
export function matchLexicon(
  t: NormalizedText,
  out: Int32Array,
  outShared: Int32Array,
  start: number,
  lex: CompiledLexicon = seedLexicon(),
  hits?: LexiconHit[],
): number {
  let count = start;
  let negWords = 0;
  let negUntil = -1;
  const n = t.length;
  const cls = t.cls;
  let i = 0;
  while (i < n && count < out.length) {
    const k = cls[i]!;
    if (k === CLS.SPACE) {
      if (negWords > 0) negWords--;
      i++;
      continue;
    }
    const midWord = i > 0 && wordish(k) && wordish(cls[i - 1]!);
    if (midWord) {
      i++;
      continue;
    }
    let at = i;
    let e = longestAt(lex, t, i, true);
    if (!e && k === CLS.ARABIC) {
      for (const clitic of ARABIC_CLITICS) {
        if (!startsWith(t, i, clitic) || i + clitic.length >= n) continue;
        e = longestAt(lex, t, i + clitic.length, true);
        if (e) {
          at = i + clitic.length;
          break;
        }
      }
    }
    if (!e) {
      if (k === CLS.PUNCT && CLAUSE_BREAKS.has(t.cp[i]!)) {
        negWords = 0;
        negUntil = -1;
      }
      i++;
      continue;
    }
    const end = at + e.cps.length;
    const negated = negWords > 0 || at < negUntil;
    let feature = -1;
    switch (e.kind) {
      case 'not':
        if (e.needLeft) negWords = 3;
        else negUntil = end + 3;
        break;
      case 'pos0':
        feature = negated ? LEX.NEGATED_POS : LEX.WEAK_POS;
        break;
      case 'neg0':
        feature = negated ? LEX.NEGATED_NEG : LEX.WEAK_NEG;
        break;
      case 'pos':
        feature = negated ? LEX.NEGATED_POS : e.emoji ? LEX.EMOJI_POS : LEX.POS;
        break;
      case 'pos2':
        feature = negated ? LEX.NEGATED_POS : e.emoji ? LEX.EMOJI_POS : LEX.POS_STRONG;
        break;
      case 'neg':
        feature = negated ? LEX.NEGATED_NEG : e.emoji ? LEX.EMOJI_NEG : LEX.NEG;
        break;
      case 'neg2':
        feature = negated ? LEX.NEGATED_NEG : e.emoji ? LEX.EMOJI_NEG : LEX.NEG_STRONG;
        break;
      case 'laugh':
        feature = LEX.LAUGH;
        break;
      case 'cry':
        feature = LEX.CRY;
        break;
      case 'none':
        break;
    }
    if (feature >= 0) {
      outShared[count] = feature;
      out[count++] = e.groupBase < 0 ? feature : e.groupBase + feature;
      hits?.push({ entry: e.text, kind: e.kind, feature, at });
    }
    i = end;
  }
  return count;
}

function startsWith(t: NormalizedText, i: number, cps: readonly number[]): boolean {
  if (i + cps.length > t.length) return false;
  for (let j = 0; j < cps.length; j++) if (t.cp[i + j] !== cps[j]) return false;
  return true;
}

/** The lexicon hits in `text` (tests, explanations; allocates). */
export function lexiconHits(text: string): LexiconHit[] {
  const hits: LexiconHit[] = [];
  matchLexicon(
    normalizeInto(text, new NormalizedText()),
    new Int32Array(256),
    new Int32Array(256),
    0,
    seedLexicon(),
    hits,
  );
  return hits;
}
