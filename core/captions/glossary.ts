// Catalog terms through translation: product names, brands, sizes and prices are found in a caption,
// swapped for placeholders a translator copies through, then put back in the viewer's language.
import { captionLanguageFor, type CaptionLanguage, type CaptionTerm } from '../protocol/captions';
import type { Product } from '../protocol/room-events';
import { isSpacedWordChar, isUnspacedChar } from './script';

export type TermKind = CaptionTerm['kind'];

// ---- placeholders ----

/**
 * A placeholder is `ZX<n>Q` (ZX1Q, ZX2Q...), n counting the caption's protected spans from 1. Why:
 * - ASCII letters and digits only, so every MT vocabulary (Marian/NLLB SentencePiece, GPT BPE, DeepL) has
 *   its pieces: no <unk>, which non-ASCII brackets such as ⟦0⟧ can become.
 * - No punctuation inside: a tokenizer that splits punctuation off cannot strip it to a bare number that
 *   reads like a quantity, as {0} or [1] can become 0 or 1. Models copy letter-digit codes (SKUs, model
 *   numbers) through verbatim, and no language has a word or number to translate ZX1Q into.
 * - The closing Q ends the index, so a digit the translator glues on cannot change which slot it names.
 * - Nothing a recogniser writes looks like it, so a match in the output is ours.
 * What translators still do to it (spaces inserted, case changed, full-width or Arabic-Indic digits,
 * brackets or dashes added) is accepted by findPlaceholders.
 */
/** Placeholders as protect() writes them; global, so use it with matchAll/replace (not test/exec). */
export const PLACEHOLDER_PATTERN = /ZX(\d{1,3})Q/g;

export function makePlaceholder(index: number): string {
  if (!Number.isInteger(index) || index < 1 || index > 999) throw new RangeError('placeholder index 1..999');
  return `ZX${index}Q`;
}

export interface PlaceholderMatch {
  start: number;
  end: number;
  index: number;
}

const DIGIT_ZEROS = [0x30, 0xff10, 0x660, 0x6f0];
const digitValue = (c: string): number => {
  const code = c.codePointAt(0)!;
  const zero = DIGIT_ZEROS.find((z) => code >= z && code <= z + 9);
  return zero === undefined ? 0 : code - zero;
};
const GAP = '[\\s\\-_‐‑–—]{0,2}';
const MANGLED = new RegExp(`[zZｚＺ]${GAP}[xXｘＸ]${GAP}([0-9０-９٠-٩۰-۹]{1,3})${GAP}[qQｑＱ]`, 'gu');
const OPENERS = '([{<（【「『《［〔｛〈';
const CLOSERS = ')]}>）】」』》］〕｝〉';

/** Placeholders in translated text, however mangled, with any bracket pair hugging them. */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  const found: PlaceholderMatch[] = [];
  for (const m of text.matchAll(MANGLED)) {
    let start = m.index;
    let end = start + m[0].length;
    // Brackets around it (a space inside allowed) are the translator's, as ours has none; one alone may
    // be the sentence's own, so it stays.
    const before = text[start - 1] === ' ' ? start - 1 : start;
    const after = text[end] === ' ' ? end + 1 : end;
    if (before > 0 && after < text.length) {
      const open = OPENERS.indexOf(text[before - 1]!);
      if (open >= 0 && CLOSERS[open] === text[after]) {
        start = before - 1;
        end = after + 1;
      }
    }
    const index = Array.from(m[1]!).reduce((n, c) => n * 10 + digitValue(c), 0);
    found.push({ start, end, index });
  }
  return found;
}

// ---- folding: NFKC, lower case, single spaces, with offsets back into the original ----

interface Folded {
  text: string;
  /** Per UTF-16 unit of `text`: the original range it came from. */
  from: number[];
  to: number[];
}

const CLUSTER = /\P{M}[\p{M}\uff9e\uff9f]*|[\p{M}\uff9e\uff9f]+/gsu;
const DASHES = /^[-‐‑‒–—―・·･]$/u;

function fold(text: string): Folded {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  let space: [number, number] | null = null;
  for (const m of text.matchAll(CLUSTER)) {
    const s = m.index;
    const e = s + m[0].length;
    const f = m[0].normalize('NFKC').toLowerCase();
    if (/^\s+$/u.test(f) || DASHES.test(f)) {
      space = space ? [space[0], e] : [s, e];
      continue;
    }
    // Spaces between two unspaced-script characters are noise (Whisper puts some in Chinese).
    if (space && out.length > 0 && !(isUnspacedChar(out.at(-1)!) && isUnspacedChar(f[0]!))) {
      out += ' ';
      from.push(space[0]);
      to.push(space[1]);
    }
    space = null;
    for (let k = 0; k < f.length; k++) {
      from.push(s);
      to.push(e);
    }
    out += f;
  }
  return { text: out, from, to };
}

// ---- detection ----

const U =
  '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}ー々〆ｰ';
/** Not preceded / followed by a letter or digit of a spaced script: "M" in "Madrid" is no size. */
const WB_BEFORE = `(?<![\\p{L}\\p{N}\\p{M}](?<![${U}]))`;
const WB_AFTER = `(?![\\p{L}\\p{N}\\p{M}](?<![${U}]))`;

const LETTER_SIZE = '[2-6]xl|[2-4]xs|x{1,4}l|x{1,3}s|s|m|l';
const NUMBER_SIZE = '\\d{1,3}(?:[.,]5)?';
const SYSTEM_SIZE = `(?:eu|us|uk|fr|it|jp|cn)\\s?${NUMBER_SIZE}`;
// A spaced-script size word needs a space or colon before the size ("sizes" is no "size S").
const SIZE_WORD_BEFORE =
  '(?:size|talla|taille|größe|grösse|tamanho|ukuran|مقاس)(?:\\s?[:：]\\s?|\\s)|(?:サイズ|사이즈|尺码|尺寸|码数)\\s?(?:[:：]\\s?)?';
const SIZE_WORD_AFTER = `\\s?(?:号|码|碼|サイズ|사이즈)|\\ssize${WB_AFTER}`;
// Each captures the size itself (group 1); `upper`: only as written in capitals (XL, EU 38, not "us 8").
const SIZE_PATTERNS: { re: RegExp; labelled: boolean; upper: boolean }[] = [
  {
    re: new RegExp(
      `${WB_BEFORE}(?:${SIZE_WORD_BEFORE})(${SYSTEM_SIZE}|${LETTER_SIZE}|${NUMBER_SIZE})${WB_AFTER}`,
      'dgu',
    ),
    labelled: true,
    upper: false,
  },
  // "38号" is as often a date or a number as a size, so numbers take only 码 and the size words.
  {
    re: new RegExp(`${WB_BEFORE}(${LETTER_SIZE})(?:${SIZE_WORD_AFTER})`, 'dgu'),
    labelled: true,
    upper: false,
  },
  {
    re: new RegExp(`${WB_BEFORE}(${NUMBER_SIZE})(?:${SIZE_WORD_AFTER.replace('号|', '')})`, 'dgu'),
    labelled: true,
    upper: false,
  },
  { re: new RegExp(`${WB_BEFORE}(${SYSTEM_SIZE})${WB_AFTER}`, 'dgu'), labelled: false, upper: true },
  {
    re: new RegExp(`${WB_BEFORE}([2-6]xl|[2-4]xs|x{1,4}l|x{1,3}s)${WB_AFTER}`, 'dgu'),
    labelled: false,
    upper: true,
  },
];
const LIST_SEP = '\\s?[,/、，和及与與]\\s?|\\s(?:and|or|y|o|e|et|ou|und|oder|dan|atau)\\s|\\s';
const SIZE_LIST = new RegExp(
  `${WB_BEFORE}(?:${LETTER_SIZE})(?:(?:${LIST_SEP})(?:${LETTER_SIZE}))+${WB_AFTER}`,
  'gu',
);
const SIZE_ITEM = new RegExp(`${WB_BEFORE}(?:${LETTER_SIZE})${WB_AFTER}`, 'gu');

/** How the host names a currency, spoken or written, folded (lower case). null: ¥, which is CNY or JPY. */
const CURRENCY_PREFIX: Record<string, string | null> = {
  us$: 'USD',
  usd: 'USD',
  $: 'USD',
  '€': 'EUR',
  eur: 'EUR',
  '¥': null,
  rmb: 'CNY',
  cny: 'CNY',
  jpy: 'JPY',
  '₩': 'KRW',
  krw: 'KRW',
  rp: 'IDR',
  idr: 'IDR',
  r$: 'BRL',
  brl: 'BRL',
  '£': 'GBP',
  gbp: 'GBP',
  sar: 'SAR',
  aed: 'AED',
};
const CURRENCY_SUFFIX: Record<string, string | null> = {
  元: 'CNY',
  块钱: 'CNY',
  块: 'CNY',
  塊: 'CNY',
  人民币: 'CNY',
  rmb: 'CNY',
  cny: 'CNY',
  yuan: 'CNY',
  円: 'JPY',
  日元: 'JPY',
  yen: 'JPY',
  jpy: 'JPY',
  美元: 'USD',
  美金: 'USD',
  dollars: 'USD',
  dollar: 'USD',
  usd: 'USD',
  ドル: 'USD',
  달러: 'USD',
  dólares: 'USD',
  dólar: 'USD',
  dolares: 'USD',
  '€': 'EUR',
  euros: 'EUR',
  euro: 'EUR',
  eur: 'EUR',
  欧元: 'EUR',
  ユーロ: 'EUR',
  유로: 'EUR',
  원: 'KRW',
  won: 'KRW',
  韩元: 'KRW',
  ウォン: 'KRW',
  krw: 'KRW',
  rupiah: 'IDR',
  idr: 'IDR',
  印尼盾: 'IDR',
  reais: 'BRL',
  brl: 'BRL',
  '£': 'GBP',
  pounds: 'GBP',
  gbp: 'GBP',
  英镑: 'GBP',
  riyals: 'SAR',
  riyal: 'SAR',
  sar: 'SAR',
  ريال: 'SAR',
  دولار: 'USD',
  يورو: 'EUR',
  '¥': null,
};
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (keys: string[]) =>
  [...keys]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');
const HAN_DIGITS = '零〇一二两三四五六七八九';
const HAN_NUMBER = `[${HAN_DIGITS}十百千万亿]+(?:点[${HAN_DIGITS}]+)?`;
const moneyPatterns = new Map<string, RegExp>();

/** Money expressions; only French and Portuguese group thousands with spaces (1 999 €). */
function moneyPattern(lang: CaptionLanguage): RegExp {
  const spaced = lang === 'fr' || lang === 'pt';
  let re = moneyPatterns.get(spaced ? 'spaced' : 'plain');
  if (!re) {
    const group = spaced ? "[,. ']" : "[,.']";
    const num = `\\d{1,3}(?:${group}\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?`;
    re = new RegExp(
      `${WB_BEFORE}(?:(${alternation(Object.keys(CURRENCY_PREFIX))})\\s?(${num}|${HAN_NUMBER})(?![\\d])` +
        `|(${num}|${HAN_NUMBER})\\s?(${alternation(Object.keys(CURRENCY_SUFFIX))}))`,
      'gu',
    );
    moneyPatterns.set(spaced ? 'spaced' : 'plain', re);
  }
  return re;
}
const HAN_TAIL = new RegExp(
  `^(?:([${HAN_DIGITS}\\d])\\s?[毛角](?:\\s?([${HAN_DIGITS}\\d])\\s?分?)?|([${HAN_DIGITS}\\d])(?![\\p{L}\\p{N}]))`,
  'u',
);

function parseNumber(s: string): number | null {
  if (/^[\d.,' ]+$/.test(s)) {
    const compact = s.replace(/ /g, '');
    const last = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
    const decimals = last >= 0 ? compact.length - last - 1 : 0;
    const value =
      last >= 0 && decimals <= 2
        ? Number(`${compact.slice(0, last).replace(/[.,']/g, '')}.${compact.slice(last + 1)}`)
        : Number(compact.replace(/[.,']/g, ''));
    return Number.isFinite(value) ? value : null;
  }
  return parseHanNumber(s);
}

const HAN_DIGIT_VALUE = (c: string): number => {
  const i = HAN_DIGITS.indexOf(c);
  return i < 0 ? -1 : [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9][i]!;
};

/** 一百九十九 -> 199, 两千五 -> 2500, 十九点九 -> 19.9, 一九九 -> 199. */
export function parseHanNumber(s: string): number | null {
  const [int = '', frac] = s.split('点');
  let total = 0;
  let section = 0;
  let digit = -1;
  let lastUnit = 0;
  let zeroSeen = false;
  const units: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  if (int.length > 1 && Array.from(int).every((c) => HAN_DIGIT_VALUE(c) >= 0)) {
    total = Number(Array.from(int, HAN_DIGIT_VALUE).join(''));
  } else {
    for (const c of int) {
      const d = HAN_DIGIT_VALUE(c);
      if (d >= 0) {
        if (d === 0) zeroSeen = true;
        if (digit > 0) return null; // two digits in a row inside a unit number
        digit = d;
      } else if (c in units) {
        section += (digit < 0 ? 1 : digit) * units[c]!;
        lastUnit = units[c]!;
        digit = -1;
        zeroSeen = false;
      } else if (c === '万' || c === '亿') {
        const unit = c === '万' ? 1e4 : 1e8;
        total = (total + section + Math.max(digit, 0)) * unit;
        section = 0;
        digit = -1;
        lastUnit = unit;
        zeroSeen = false;
      } else {
        return null;
      }
    }
    // A bare digit after a unit is the next unit down: 一百九 is 190, 两千五 is 2500.
    if (digit > 0 && lastUnit >= 100 && !zeroSeen) section += (digit * lastUnit) / 10;
    else if (digit > 0) section += digit;
    total += section;
  }
  if (int.length === 0) return null;
  if (frac !== undefined) {
    const digits = Array.from(frac, HAN_DIGIT_VALUE);
    if (digits.length === 0 || digits.some((d) => d < 0)) return null;
    total += Number(`0.${digits.join('')}`);
  }
  return total;
}

// ---- target-language forms ----

/** The currency a language's viewers pay in. */
export const VIEWER_CURRENCY: Record<CaptionLanguage, string> = {
  en: 'USD',
  'zh-CN': 'CNY',
  es: 'EUR',
  ja: 'JPY',
  ko: 'KRW',
  id: 'IDR',
  pt: 'EUR',
  ar: 'SAR',
  fr: 'EUR',
  de: 'EUR',
};

const LOCALE: Record<CaptionLanguage, string> = {
  en: 'en-US',
  'zh-CN': 'zh-CN',
  es: 'es-ES',
  ja: 'ja-JP',
  ko: 'ko-KR',
  id: 'id-ID',
  pt: 'pt-PT',
  // Plain "ar" writes Latin digits, as the rest of a machine-translated Arabic caption does.
  ar: 'ar',
  fr: 'fr-FR',
  de: 'de-DE',
};

const formats = new Map<string, Intl.NumberFormat>();
function currencyFormat(currency: string, lang: CaptionLanguage): Intl.NumberFormat {
  const key = `${lang}:${currency}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], {
      style: 'currency',
      currency,
      trailingZeroDisplay: 'stripIfInteger',
    });
    formats.set(key, f);
  }
  return f;
}
const digitsOf = new Map<string, number>();
/** Minor-unit digits as the renderer counts them (CLDR's: 2 for USD and CNY, 0 for JPY, KRW and IDR). */
function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/** An amount in minor units, as the language writes money ("$27.99", "25,99 €", "￥3,980"). */
export function formatPrice(amountMinor: number, currency: string, lang: CaptionLanguage): string {
  return currencyFormat(currency, lang).format(amountMinor / 10 ** minorDigits(currency));
}

/** How each language labels a size, and the words that already do (so "size" is not written twice). */
const SIZE_LABEL: Record<CaptionLanguage, { before?: string; after?: string; words: string[] }> = {
  en: { before: 'size ', words: ['size'] },
  'zh-CN': { after: '码', words: ['码', '号', '尺码'] },
  es: { before: 'talla ', words: ['talla'] },
  ja: { after: 'サイズ', words: ['サイズ'] },
  ko: { after: ' 사이즈', words: ['사이즈'] },
  id: { before: 'ukuran ', words: ['ukuran'] },
  pt: { before: 'tamanho ', words: ['tamanho'] },
  ar: { before: 'مقاس ', words: ['مقاس'] },
  fr: { before: 'taille ', words: ['taille'] },
  de: { before: 'Größe ', words: ['größe', 'grösse'] },
};

// ---- the glossary ----

export interface GlossarySlot {
  /** The placeholder that stands for the span in the masked text. */
  placeholder: string;
  kind: TermKind;
  productId: string | null;
  /** The span as it was in the source text. */
  source: string;
  sourceLang: CaptionLanguage;
  /** For a price: the amount and currency as spoken. */
  price?: { amountMinor: number; currency: string };
  /** For a size: the size itself (M, XL, 38, EU 38), and whether the source said "size" with it. */
  size?: { value: string; labelled: boolean };
}

export interface Masked {
  masked: string;
  slots: GlossarySlot[];
}

export interface Restored {
  text: string;
  /** Sorted by start; offsets into `text`. */
  terms: CaptionTerm[];
}

export interface GlossaryOptions {
  /** Brand names, kept verbatim in every language. */
  brands?: string[];
  /** Overrides of VIEWER_CURRENCY. */
  viewerCurrency?: Partial<Record<CaptionLanguage, string>>;
}

interface TermEntry {
  products: Set<string>;
  brand: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: TermEntry;
}

/** A found span, in the folded text until mapped back. */
interface Span {
  start: number;
  end: number;
  kind: TermKind;
  productId: string | null;
  /** Products whose price in this currency is this amount. */
  priceOf?: string[];
  price?: { amountMinor: number; currency: string };
  size?: { value: string; labelled: boolean };
}

/** Terms shorter than this are too ambiguous to protect (包 "bag" is also in 包邮 "free shipping"). */
const MIN_TERM_CHARS = 2;

export class Glossary {
  private readonly products = new Map<string, Product>();
  private readonly root: TrieNode = { next: new Map() };
  /** `${currency}:${amountMinor}` -> product ids with that price. */
  private readonly prices = new Map<string, string[]>();
  private readonly viewerCurrency: Record<CaptionLanguage, string>;

  constructor(products: readonly Product[], options: GlossaryOptions = {}) {
    this.viewerCurrency = { ...VIEWER_CURRENCY, ...options.viewerCurrency };
    for (const brand of options.brands ?? []) this.addTerm(brand, null);
    for (const p of products) {
      this.products.set(p.id, p);
      for (const title of Object.values(p.titles)) this.addTerm(title, p.id);
      for (const alias of p.aliases) this.addTerm(alias, p.id);
      for (const [currency, minor] of Object.entries(p.prices)) {
        const key = `${currency}:${minor}`;
        this.prices.set(key, [...(this.prices.get(key) ?? []), p.id]);
      }
    }
  }

  /** Replaces the catalog terms of `text` (in `lang`) with placeholders for a translator. */
  protect(text: string, lang: CaptionLanguage): Masked {
    const spans = this.detect(text, lang);
    let masked = '';
    let cursor = 0;
    const slots = spans.map((span, i): GlossarySlot => {
      const placeholder = makePlaceholder(i + 1);
      // Keep the placeholder its own token next to Latin letters and digits.
      const pad = (c: string | undefined) =>
        c !== undefined && /[\p{L}\p{N}]/u.test(c) && !isUnspacedChar(c) ? ' ' : '';
      masked +=
        text.slice(cursor, span.start) + pad(text[span.start - 1]) + placeholder + pad(text[span.end]);
      cursor = span.end;
      const slot: GlossarySlot = {
        placeholder,
        kind: span.kind,
        productId: span.productId,
        source: text.slice(span.start, span.end),
        sourceLang: lang,
      };
      if (span.price) slot.price = span.price;
      if (span.size) slot.size = span.size;
      return slot;
    });
    masked += text.slice(cursor);
    return { masked, slots };
  }

  /**
   * Puts the slots back into a translation, in the target language's form. Placeholders the translator
   * mangled are recognised, duplicated ones next to each other are written once, unknown ones dropped,
   * and any slot it lost is appended, so no protected term goes missing.
   */
  restore(translated: string, slots: readonly GlossarySlot[], targetLang: CaptionLanguage): Restored {
    const byIndex = new Map<number, GlossarySlot>();
    for (const slot of slots) {
      const index = Number(/^ZX(\d+)Q$/.exec(slot.placeholder)?.[1]);
      if (Number.isInteger(index)) byIndex.set(index, slot);
    }
    const terms: CaptionTerm[] = [];
    const used = new Set<GlossarySlot>();
    let out = '';
    let cursor = 0;
    let previous: { index: number; end: number } | null = null;
    const skipSpaceAfterDrop = (at: number): number => {
      let next = at;
      if (/\s$/u.test(out) || out.length === 0)
        while (next < translated.length && /\s/u.test(translated[next]!)) next++;
      return next;
    };
    for (const m of findPlaceholders(translated)) {
      const slot = byIndex.get(m.index);
      const repeated = previous?.index === m.index && /^\s*$/u.test(translated.slice(previous.end, m.start));
      if (!slot || repeated) {
        if (!repeated) out += translated.slice(cursor, m.start);
        cursor = skipSpaceAfterDrop(m.end);
        continue;
      }
      out += translated.slice(cursor, m.start);
      const rendered = this.render(slot, targetLang, translated.slice(0, m.start), translated.slice(m.end));
      if (isSpacedWordChar(out.at(-1) ?? '') && isSpacedWordChar(rendered[0] ?? '')) out += ' ';
      terms.push({
        start: out.length,
        end: out.length + rendered.length,
        productId: slot.productId,
        kind: slot.kind,
      });
      out += rendered;
      if (isSpacedWordChar(rendered.at(-1) ?? '') && isSpacedWordChar(translated[m.end] ?? '')) out += ' ';
      used.add(slot);
      cursor = m.end;
      previous = { index: m.index, end: m.end };
    }
    out += translated.slice(cursor);
    const missing = slots.filter((s) => !used.has(s));
    if (missing.length > 0) {
      const cjk = targetLang === 'zh-CN' || targetLang === 'ja';
      const base = out.trimEnd();
      out = base;
      if (base.length > 0) out += cjk ? '（' : ' (';
      missing.forEach((slot, i) => {
        if (i > 0) out += cjk ? '、' : targetLang === 'ar' ? '، ' : ', ';
        const rendered = this.render(slot, targetLang, '', '');
        terms.push({
          start: out.length,
          end: out.length + rendered.length,
          productId: slot.productId,
          kind: slot.kind,
        });
        out += rendered;
      });
      if (base.length > 0) out += cjk ? '）' : ')';
    }
    return { text: out, terms };
  }

  /** The catalog terms of an untranslated text (the source caption), with offsets into it. */
  findTerms(text: string, lang: CaptionLanguage): CaptionTerm[] {
    return this.detect(text, lang).map((s) => ({
      start: s.start,
      end: s.end,
      productId: s.productId,
      kind: s.kind,
    }));
  }

  /**
   * Product names for a recogniser prompt (Whisper's initial prompt): pinned products first, then the most
   * recently updated, in the language where the product has a title in it, up to maxChars.
   */
  promptFor(lang: CaptionLanguage, maxChars = 200): string {
    const sep = lang === 'zh-CN' || lang === 'ja' ? '、' : ', ';
    const names: string[] = [];
    let length = 0;
    const ordered = [...this.products.values()].sort(
      (a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt,
    );
    for (const p of ordered) {
      const name = titleIn(p, lang) ?? Object.values(p.titles)[0];
      if (!name || names.includes(name)) continue;
      const added = (names.length > 0 ? sep.length : 0) + name.length;
      if (length + added > maxChars) break;
      names.push(name);
      length += added;
    }
    return names.join(sep);
  }

  private addTerm(term: string, productId: string | null): void {
    const key = fold(term).text.trim();
    if (Array.from(key).length < MIN_TERM_CHARS) return;
    let node = this.root;
    // Keyed by UTF-16 unit, as detect() walks the folded text.
    for (let k = 0; k < key.length; k++) {
      let next = node.next.get(key[k]!);
      if (!next) {
        next = { next: new Map() };
        node.next.set(key[k]!, next);
      }
      node = next;
    }
    node.entry ??= { products: new Set(), brand: false };
    if (productId === null) node.entry.brand = true;
    else node.entry.products.add(productId);
  }

  private detect(text: string, lang: CaptionLanguage): Span[] {
    const folded = fold(text);
    const f = folded.text;
    const candidates: Span[] = [];
    // Catalog names: every match at every start; the longest win below.
    for (let i = 0; i < f.length; i++) {
      if (isSpacedWordChar(f[i]!) && i > 0 && isSpacedWordChar(f[i - 1]!)) continue;
      let node: TrieNode | undefined = this.root;
      for (let j = i; j < f.length; j++) {
        node = node.next.get(f[j]!);
        if (!node) break;
        const entry = node.entry;
        if (entry && !(isSpacedWordChar(f[j]!) && j + 1 < f.length && isSpacedWordChar(f[j + 1]!))) {
          // One product: that product. Several, or a declared brand: a brand, kept as it is.
          const only = entry.products.size === 1 ? [...entry.products][0]! : null;
          candidates.push({ start: i, end: j + 1, kind: only ? 'product' : 'brand', productId: only });
        }
      }
    }
    this.detectPrices(f, lang, candidates);
    detectSizes(text, folded, candidates);
    // Longest first, then leftmost; a span overlapping one already taken is dropped.
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const chosen: Span[] = [];
    for (const c of candidates) if (chosen.every((s) => c.end <= s.start || c.start >= s.end)) chosen.push(c);
    chosen.sort((a, b) => a.start - b.start);
    // A price several products share belongs to the nearest one named; with none named, to none.
    for (const span of chosen) {
      if (!span.priceOf || span.priceOf.length < 2) continue;
      let best: { id: string; distance: number } | null = null;
      for (const other of chosen) {
        if (other.kind !== 'product' || !other.productId || !span.priceOf.includes(other.productId)) continue;
        const distance = other.end <= span.start ? span.start - other.end : other.start - span.end;
        if (!best || distance < best.distance) best = { id: other.productId, distance };
      }
      span.productId = best?.id ?? null;
    }
    return chosen.map((s) => {
      const mapped: Span = { ...s, start: folded.from[s.start]!, end: folded.to[s.end - 1]! };
      delete mapped.priceOf;
      return mapped;
    });
  }

  private detectPrices(f: string, lang: CaptionLanguage, out: Span[]): void {
    for (const m of f.matchAll(moneyPattern(lang))) {
      const [whole, prefix, prefixNumber, suffixNumber, suffix] = m;
      const token = prefix ?? suffix!;
      let end = m.index + whole.length;
      if (suffix && /[a-z]$/.test(suffix) && isSpacedWordChar(f[end] ?? '')) continue; // "5 euros" not "5 europe"
      let amount = parseNumber(prefixNumber ?? suffixNumber!);
      if (amount === null) continue;
      // 九十九块九, 九块九毛九: the jiao and fen after the yuan.
      if (suffix && /^[元块塊]/.test(suffix) && Number.isInteger(amount)) {
        const tail = HAN_TAIL.exec(f.slice(end));
        const bare = tail?.[3];
        if (tail && (!bare || suffix !== '元')) {
          const jiao = tail[1] ?? bare!;
          const value = (c: string) => (/\d/.test(c) ? Number(c) : HAN_DIGIT_VALUE(c));
          amount += value(jiao) / 10 + (tail[2] ? value(tail[2]) / 100 : 0);
          end += tail[0].length;
        }
      }
      const named = prefix ? CURRENCY_PREFIX[prefix] : CURRENCY_SUFFIX[token];
      const options = named ? [named] : lang === 'ja' ? ['JPY', 'CNY'] : ['CNY', 'JPY'];
      // ¥ is yuan or yen: the one a product is priced at wins, else the language's.
      const matched = options.map((currency) => {
        const amountMinor = Math.round(amount! * 10 ** minorDigits(currency));
        return { currency, amountMinor, products: this.prices.get(`${currency}:${amountMinor}`) ?? [] };
      });
      const pick = matched.find((x) => x.products.length > 0) ?? matched[0]!;
      out.push({
        start: m.index,
        end,
        kind: 'price',
        productId: pick.products.length === 1 ? pick.products[0]! : null,
        priceOf: pick.products,
        price: { amountMinor: pick.amountMinor, currency: pick.currency },
      });
    }
  }

  private render(slot: GlossarySlot, lang: CaptionLanguage, before: string, after: string): string {
    const product = slot.productId ? this.products.get(slot.productId) : undefined;
    switch (slot.kind) {
      case 'product':
        return (product && (titleIn(product, lang) ?? titleIn(product, slot.sourceLang))) ?? slot.source;
      case 'brand':
        return slot.source;
      case 'price': {
        const currency = this.viewerCurrency[lang];
        const own = product?.prices[currency];
        if (own !== undefined) return formatPrice(own, currency, lang);
        if (slot.price) return formatPrice(slot.price.amountMinor, slot.price.currency, lang);
        return slot.source;
      }
      case 'size': {
        const value = slot.size?.value ?? slot.source;
        if (!slot.size?.labelled) return value;
        const label = SIZE_LABEL[lang];
        const near = (before.slice(-12) + '\u0000' + after.slice(0, 12)).toLowerCase();
        const labelled = label.words.some((w) =>
          [`${w}\u0000`, `${w} \u0000`, `\u0000${w}`, `\u0000 ${w}`].some((p) => near.includes(p)),
        );
        return labelled ? value : `${label.before ?? ''}${value}${label.after ?? ''}`;
      }
    }
  }
}

function titleIn(product: Product, lang: CaptionLanguage): string | undefined {
  if (product.titles[lang]) return product.titles[lang];
  for (const [tag, title] of Object.entries(product.titles))
    if (captionLanguageFor(tag) === lang) return title;
  return undefined;
}

function canonicalSize(value: string): string {
  return value
    .toUpperCase()
    .replace(/^(EU|US|UK|FR|IT|JP|CN)\s?/, '$1 ')
    .trim();
}

function detectSizes(original: string, folded: Folded, out: Span[]): void {
  const f = folded.text;
  const source = (start: number, end: number) => original.slice(folded.from[start], folded.to[end - 1]);
  const isUpper = (start: number, end: number) => {
    const s = source(start, end).normalize('NFKC');
    return s === s.toUpperCase();
  };
  for (const { re, labelled, upper } of SIZE_PATTERNS) {
    for (const m of f.matchAll(re)) {
      const [valueStart, valueEnd] = m.indices![1]!;
      if (upper && !isUpper(valueStart, valueEnd)) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        kind: 'size',
        productId: null,
        size: { value: canonicalSize(m[1]!), labelled },
      });
    }
  }
  // "S、M、L", "S/M/L", "S, M and L": single letters count as sizes when they come as a list.
  for (const list of f.matchAll(SIZE_LIST)) {
    const items = [...list[0].matchAll(SIZE_ITEM)];
    const separated = /[^\s]/u.test(list[0].replace(new RegExp(SIZE_ITEM.source, 'gu'), ''));
    if (items.length < (separated ? 2 : 3)) continue;
    const spans = items.map((it) => [list.index + it.index, list.index + it.index + it[0].length] as const);
    if (!spans.every(([s, e]) => isUpper(s, e))) continue;
    for (const [s, e] of spans) {
      out.push({
        start: s,
        end: e,
        kind: 'size',
        productId: null,
        size: { value: canonicalSize(f.slice(s, e)), labelled: false },
      });
    }
  }
}

/** Indexes the room's catalog: every product's titles (all languages), aliases and prices. */
export function buildGlossary(products: readonly Product[], options: GlossaryOptions = {}): Glossary {
  return new Glossary(products, options);
}
