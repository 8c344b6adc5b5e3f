// Clothing and shoe sizes in captions (M, XL, 38码, EU 38, talla M, S/M/L) and how each language labels a
// size when the translation needs it.
import type { CaptionLanguage } from '../protocol/captions';
import { WORD_END, WORD_START, sourceRange, type FoldedText } from '../text';

const LETTER_SIZE = '[2-6]xl|[2-4]xs|x{1,4}l|x{1,3}s|s|m|l';
const NUMBER_SIZE = '\\d{1,3}(?:[.,]5)?';
const SYSTEM_SIZE = `(?:eu|us|uk|fr|it|jp|cn)\\s?${NUMBER_SIZE}`;
// A spaced-script size word needs a space or colon before the size ("sizes" is no "size S").
const SIZE_WORD_BEFORE =
  '(?:size|talla|taille|größe|grösse|tamanho|ukuran|مقاس)(?:\\s?[:：]\\s?|\\s)|(?:サイズ|사이즈|尺码|尺寸|码数)\\s?(?:[:：]\\s?)?';
const SIZE_WORD_AFTER = `\\s?(?:号|码|碼|サイズ|사이즈)|\\ssize${WORD_END}`;
// Each captures the size itself (group 1); `upper`: only as written in capitals (XL, EU 38, not "us 8").
const SIZE_PATTERNS: { re: RegExp; labelled: boolean; upper: boolean }[] = [
  {
    re: new RegExp(
      `${WORD_START}(?:${SIZE_WORD_BEFORE})(${SYSTEM_SIZE}|${LETTER_SIZE}|${NUMBER_SIZE})${WORD_END}`,
      'dgu',
    ),
    labelled: true,
    upper: false,
  },
  // "38号" is as often a date or a number as a size, so numbers take only 码 and the size words.
  {
    re: new RegExp(`${WORD_START}(${LETTER_SIZE})(?:${SIZE_WORD_AFTER})`, 'dgu'),
    labelled: true,
    upper: false,
  },
  {
    re: new RegExp(`${WORD_START}(${NUMBER_SIZE})(?:${SIZE_WORD_AFTER.replace('号|', '')})`, 'dgu'),
    labelled: true,
    upper: false,
  },
  { re: new RegExp(`${WORD_START}(${SYSTEM_SIZE})${WORD_END}`, 'dgu'), labelled: false, upper: true },
  {
    re: new RegExp(`${WORD_START}([2-6]xl|[2-4]xs|x{1,4}l|x{1,3}s)${WORD_END}`, 'dgu'),
    labelled: false,
    upper: true,
  },
];
const LIST_SEP = '\\s?[,/、，和及与與]\\s?|\\s(?:and|or|y|o|e|et|ou|und|oder|dan|atau)\\s|\\s';
const SIZE_LIST = new RegExp(
  `${WORD_START}(?:${LETTER_SIZE})(?:(?:${LIST_SEP})(?:${LETTER_SIZE}))+${WORD_END}`,
  'gu',
);
const SIZE_ITEM = new RegExp(`${WORD_START}(?:${LETTER_SIZE})${WORD_END}`, 'gu');

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

function canonicalSize(value: string): string {
  return value
    .toUpperCase()
    .replace(/^(EU|US|UK|FR|IT|JP|CN)\s?/, '$1 ')
    .trim();
}

/** A size said in the folded caption text. */
export interface SizeSpan {
  /** [start, end) in the folded text. */
  start: number;
  end: number;
  /** The size itself (M, XL, 38, EU 38), and whether the source said "size" (or 码, サイズ...) with it. */
  size: { value: string; labelled: boolean };
}

/** Sizes in a folded caption; capitals-only forms (XL, EU 38) are checked against the text as written. */
export function findSizes(folded: FoldedText): SizeSpan[] {
  const out: SizeSpan[] = [];
  const f = folded.text;
  const isUpper = (start: number, end: number) => {
    const s = folded.source.slice(...sourceRange(folded, start, end)).normalize('NFKC');
    return s === s.toUpperCase();
  };
  for (const { re, labelled, upper } of SIZE_PATTERNS) {
    for (const m of f.matchAll(re)) {
      const [valueStart, valueEnd] = m.indices![1]!;
      if (upper && !isUpper(valueStart, valueEnd)) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
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
      out.push({ start: s, end: e, size: { value: canonicalSize(f.slice(s, e)), labelled: false } });
    }
  }
  return out;
}

/**
 * A size as the target language writes it: labelled ("size M", "M码", "Mサイズ") when the source labelled
 * it, unless the translation already has the label next to it (`before` and `after` the slot).
 */
export function renderSize(
  size: { value: string; labelled: boolean },
  lang: CaptionLanguage,
  before: string,
  after: string,
): string {
  if (!size.labelled) return size.value;
  const label = SIZE_LABEL[lang];
  const near = (before.slice(-12) + '\u0000' + after.slice(0, 12)).toLowerCase();
  const labelled = label.words.some((w) =>
    [`${w}\u0000`, `${w} \u0000`, `\u0000${w}`, `\u0000 ${w}`].some((p) => near.includes(p)),
  );
  return labelled ? size.value : `${label.before ?? ''}${size.value}${label.after ?? ''}`;
}
