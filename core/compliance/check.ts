// checkText: one sentence in its language against one market's rules; returns a flag per risky span with
// the exact words as written. The words are found on the folded text (core/text: NFKC, lower case,
// spaces collapsed) on word boundaries; then each hit must pass its rule's context (near, followedBy,
// exceptions...). In Chinese and Japanese a hit must also not be a part of one longer Intl.Segmenter
// word, so that 第一 does not fire inside 第一次. Dodges are read too: letters spelled out ("F D A", "F.D.A.") and
// separators between Chinese characters ("国*家*级") are squeezed out and the words looked for again.
// The modules themselves, not core/text's index: its re-exports cost a getter per call where a runner
// transpiles them (tsx), and the checker calls these once per character.
import { codePointBefore, foldText, sourceRange, type FoldedText } from '../text/fold';
import { type PhraseIndex } from '../text/phrase-index';
import { isWordCodePoint } from '../text/script';
import { compiledFor, type CompiledPack, type CompiledRule } from './compile';
import type { Category, CompliancePacks } from './pack';

export interface Flag {
  category: Category;
  rule: string;
  /** The words as written: text.slice(start, end) of the sentence checked. */
  text: string;
  start: number;
  end: number;
  severity: 1 | 2;
  citation: string;
  rephrase: string;
  market: string;
}

export class UnknownMarketError extends Error {
  readonly code = 'compliance_unknown_market';
  constructor(readonly market: string) {
    super(`no rule pack for market ${market}`);
    this.name = 'UnknownMarketError';
  }
}

/** A text the rules are run on: the folded text, or the folded text with dodges squeezed out. */
interface View {
  text: string;
  /** Per unit of `text`, its index in the folded text (null: `text` is the folded text). */
  toFolded: Int32Array | null;
}

interface Hit {
  rule: CompiledRule;
  start: number;
  end: number;
}

// Single letters spelled out with separators, three or more ("f d a", "f.d.a."); separators between
// Chinese characters ("国*家*级", "最.好"); see also MIXED_SPACE.
const SPELLED = /(?<![\p{L}\p{N}'’])[a-z](?:[ .*_·]+[a-z](?![\p{L}\p{N}])){2,}\.?/gu;
const HAN_SEPARATED = /(?<=\p{Script=Han})[ .*_~·/|\\]+(?=\p{Script=Han})/gu;
// A space between Latin and Chinese ("FDA 认证"): mixed phrases are written without one.
const MIXED_SPACE = /(?<=[a-z.])\s(?=\p{Script=Han})|(?<=\p{Script=Han})\s(?=[a-z])/gu;
// Whether there is anything to squeeze, in one pass of plain comparisons: the expressions above, with
// their look-behinds, cost more than the rest of the check on Latin text.
const isSeparator = (c: number): boolean =>
  c === 0x20 ||
  c === 0x2e ||
  c === 0x2a ||
  c === 0x5f ||
  c === 0xb7 ||
  c === 0x7e ||
  c === 0x2f ||
  c === 0x7c ||
  c === 0x5c;
const isHan = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
const isAsciiLetter = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isAsciiAlnum = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
/** Continues a word: a letter or digit (any non-ASCII letter is taken as one), an apostrophe. */
const isWordish = (c: number): boolean =>
  isAsciiAlnum(c) || c === 0x27 || c === 0x2019 || (c >= 0xc0 && !isSeparator(c) && !isHan(c));
/** A lone letter a-z at `i` of `f` (no letter or digit touching it). */
const singleAt = (f: string, i: number): boolean => {
  const c = f.charCodeAt(i);
  return (
    c >= 0x61 && c <= 0x7a && (i === 0 || !isWordish(f.charCodeAt(i - 1))) && !isWordish(f.charCodeAt(i + 1))
  );
};

function maySqueeze(f: string): boolean {
  const n = f.length;
  for (let i = 0; i < n; i++) {
    const c = f.charCodeAt(i);
    if (isSeparator(c)) {
      const prev = f.charCodeAt(i - 1);
      const next = f.charCodeAt(i + 1);
      if (isHan(prev) && (isHan(next) || isAsciiLetter(next))) return true;
      if ((isAsciiLetter(prev) || prev === 0x2e) && isHan(next)) return true;
      // Han, separators, Han ("国 * 家"): the run of separators is checked from its first one.
      if (isHan(prev) && isSeparator(next)) {
        let k = i + 1;
        while (k < n && isSeparator(f.charCodeAt(k))) k++;
        if (isHan(f.charCodeAt(k))) return true;
      }
    } else if (singleAt(f, i)) {
      // Three lone letters with separators between them ("f d a", "f.d.a").
      let k = i + 1;
      let count = 1;
      while (count < 3) {
        const from = k;
        while (k < n && isSeparator(f.charCodeAt(k))) k++;
        if (k === from || !singleAt(f, k)) break;
        count++;
        k++;
      }
      if (count === 3) return true;
    }
  }
  return false;
}

function squeeze(f: string): View | null {
  if (!maySqueeze(f)) return null;
  const drop = new Uint8Array(f.length);
  for (const m of f.matchAll(SPELLED))
    for (let i = m.index; i < m.index + m[0].length; i++) if (!/[a-z]/.test(f[i]!)) drop[i] = 1;
  for (const m of f.matchAll(HAN_SEPARATED)) drop.fill(1, m.index, m.index + m[0].length);
  for (const m of f.matchAll(MIXED_SPACE)) drop[m.index] = 1;
  if (!drop.includes(1)) return null;
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < f.length; i++)
    if (!drop[i]) {
      text += f[i];
      map.push(i);
    }
  return { text, toFolded: Int32Array.from(map) };
}

const DIGIT = /[0-9]/;
const UNSPACED_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
// Particles that may be read into a word by the segmenter without changing it ("最好的", "好了").
const PARTICLES = /^[的了地得の]+$/u;
const segmenters = new Map<string, Intl.Segmenter>();

/**
 * Loads the Chinese and Japanese word segmenters' dictionaries now: the first segment() of a language loads
 * them (a few hundred ms on a busy machine), which a host's first risky sentence must not wait for.
 */
export function warmSegmenters(): void {
  for (const [lang, sample] of [
    ['zh', '这款洗发水是国家级配方，最近第一次来直播间'],
    ['ja', 'この化粧水は最高です。初めての方も'],
  ] as const)
    segmentWords(sample, lang);
}

/** The segmenter's words of `text` as [start, end) pairs, for zh and ja. */
function segmentWords(text: string, lang: string): Int32Array {
  let seg = segmenters.get(lang);
  if (!seg) segmenters.set(lang, (seg = new Intl.Segmenter(lang, { granularity: 'word' })));
  const out: number[] = [];
  for (const s of seg.segment(text)) out.push(s.index, s.index + s.segment.length);
  return Int32Array.from(out);
}

/**
 * A hit in Chinese or Japanese must not be a part of one longer word (第一 in 第一次, 国家 in 国家队), except
 * for particles the segmenter reads into the word ("最好的"). Hits across words are kept: the segmenter
 * splits rare compounds its own way (可|以降|血压).
 */
function notInsideAWord(text: string, start: number, end: number, words: Int32Array): boolean {
  for (let i = 0; i < words.length; i += 2) {
    const ws = words[i]!;
    const we = words[i + 1]!;
    if (ws > start) break;
    if (we < end || (ws === start && we === end)) continue;
    return PARTICLES.test(text.slice(ws, start) + text.slice(end, we));
  }
  return true;
}

const found = (index: PhraseIndex<true>, text: string): boolean => {
  let any = false;
  index.scan({ text } as FoldedText, () => (any = true));
  return any;
};

/** `s` starts with the phrase `p` as a whole word ("to" does not start "toner"; "看" starts "看的"). */
const startsWithWord = (s: string, p: string): boolean =>
  s.startsWith(p) &&
  (p.length === s.length ||
    !isWordCodePoint(codePointBefore(p, p.length)) ||
    !isWordCodePoint(s.codePointAt(p.length)!));
/** `s` ends with the phrase `p` as a whole word ("no" does not end "casino"). */
const endsWithWord = (s: string, p: string): boolean =>
  s.endsWith(p) &&
  (p.length === s.length ||
    !isWordCodePoint(p.codePointAt(0)!) ||
    !isWordCodePoint(codePointBefore(s, s.length - p.length)));

function passesContext(h: Hit, text: string): boolean {
  const c = h.rule;
  const r = c.rule;
  if (c.followedBy || c.notFollowedBy) {
    const after = text.slice(h.end).trimStart();
    if (c.followedBy && !c.followedBy.some((p) => startsWithWord(after, p))) return false;
    if (c.notFollowedBy?.some((p) => startsWithWord(after, p))) return false;
  }
  if (c.notPrecededBy) {
    const before = text.slice(0, h.start).trimEnd();
    if (c.notPrecededBy.some((p) => endsWithWord(before, p))) return false;
  }
  if (c.near && !found(c.near, around(text, h, r.window))) return false;
  if (c.exceptions && found(c.exceptions, around(text, h, r.exceptionWindow))) return false;
  return true;
}

function around(text: string, h: Hit, w: number): string {
  let from = Math.max(0, h.start - w);
  let to = Math.min(text.length, h.end + w);
  // Widened so as not to cut a word of a spaced script in half (Chinese and Japanese have no such words).
  for (let k = 0; k < 24 && from > 0 && isWordCodePoint(text.charCodeAt(from - 1)); k++) from--;
  for (let k = 0; k < 24 && to < text.length && isWordCodePoint(text.charCodeAt(to)); k++) to++;
  return text.slice(from, to);
}

/** `segmentAs`: the language whose word segmentation Chinese or Japanese hits are held to (or null). */
function hitsIn(view: View, compiled: CompiledPack, segmentAs: string | null): Hit[] {
  const text = view.text;
  const hits: Hit[] = [];
  compiled.words.scan({ text } as FoldedText, (rules, start, end) => {
    for (const rule of rules) hits.push({ rule, start, end });
  });
  let hasDigit = -1;
  for (const group of compiled.patterns) {
    if (group.needsDigit) {
      if (hasDigit < 0) hasDigit = DIGIT.test(text) ? 1 : 0;
      if (hasDigit === 0) continue;
    }
    const re = group.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const g = m.findIndex((v, i) => i > 0 && v !== undefined);
      hits.push({ rule: group.rules[g - 1]!, start: m.index, end: m.index + m[0].length });
    }
  }
  if (hits.length === 0) return hits;
  let words: Int32Array | null = null;
  return hits.filter((h) => {
    if (segmentAs !== null && UNSPACED_START.test(text.slice(h.start, h.start + 1))) {
      words ??= segmentWords(text, segmentAs);
      if (!notInsideAWord(text, h.start, h.end, words)) return false;
    }
    return passesContext(h, text);
  });
}

/**
 * The risky spans of `text` (a sentence in `lang`, ISO 639-1, or in several languages at once) for
 * `market`'s rules in `packs`: one flag per span and rule, by position. Throws UnknownMarketError when
 * `packs` has no such market.
 */
export function checkText(
  text: string,
  lang: string | readonly string[],
  market: string,
  packs: CompliancePacks,
): Flag[] {
  const langs = typeof lang === 'string' ? [lang] : lang;
  const compiled = compiledFor(packs, market, langs);
  if (!compiled) throw new UnknownMarketError(market);
  const segmentAs = langs.includes('ja') ? 'ja' : langs.includes('zh') ? 'zh' : null;
  const folded = foldText(text);
  const views: View[] = [{ text: folded.text, toFolded: null }];
  const squeezed = squeeze(folded.text);
  if (squeezed) views.push(squeezed);
  const flags: Flag[] = [];
  for (const view of views)
    for (const h of hitsIn(view, compiled, segmentAs)) {
      const fs = view.toFolded ? view.toFolded[h.start]! : h.start;
      const fe = view.toFolded ? view.toFolded[h.end - 1]! + 1 : h.end;
      const [start, end] = sourceRange(folded, fs, fe);
      const r = h.rule.rule;
      // One flag per rule and place: a longer hit of the same rule takes the place of one inside it.
      const same = flags.findIndex((f) => f.rule === r.id && f.start < end && start < f.end);
      if (same >= 0) {
        if (end - start <= flags[same]!.end - flags[same]!.start) continue;
        flags.splice(same, 1);
      }
      flags.push({
        category: r.category,
        rule: r.id,
        text: text.slice(start, end),
        start,
        end,
        severity: r.severity,
        citation: r.citation,
        rephrase: r.rephrase,
        market: compiled.market,
      });
    }
  return flags.sort((a, b) => a.start - b.start || a.end - b.end);
}
