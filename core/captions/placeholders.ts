// Placeholders for catalog terms through machine translation: what protect() writes in place of a term,
// and how to find them again in a translation, however the translator mangled them.

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
