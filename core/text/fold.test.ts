import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foldFully, foldSimple, foldText, sourceRange, type FoldedText } from './fold';

/** The source text behind each folded character, to read the map at a glance. */
const origins = (f: FoldedText) => Array.from(f.text, (_, k) => f.source.slice(f.start[k], f.end[k]));
/** The source text behind the folded range where `needle` is. */
const back = (f: FoldedText, needle: string) => {
  const at = f.text.indexOf(needle);
  expect(at, `${needle} in ${f.text}`).toBeGreaterThanOrEqual(0);
  const [start, end] = sourceRange(f, at, at + needle.length);
  return f.source.slice(start, end);
};

describe('foldText', () => {
  it('folds full-width Latin and digits, and case, keeping each character where it was', () => {
    const f = foldText('买ＡＢＣ１２３吧');
    expect(f.text).toBe('买abc123吧');
    expect(back(f, 'abc123')).toBe('ＡＢＣ１２３');
    expect(origins(f)).toEqual(['买', 'Ａ', 'Ｂ', 'Ｃ', '１', '２', '３', '吧']);
  });

  it('maps an NFKC expansion ("ﬁ" -> "fi", "㎏" -> "kg") back to the one character it came from', () => {
    const f = foldText('a ﬁne 5㎏ bag');
    expect(f.text).toBe('a fine 5kg bag');
    expect(back(f, 'fine')).toBe('ﬁne');
    expect(back(f, 'fi')).toBe('ﬁ');
    expect(back(f, 'f')).toBe('ﬁ'); // half of an expansion is the whole character
    expect(back(f, 'kg')).toBe('㎏');
    expect(back(f, '5kg')).toBe('5㎏');
  });

  it('folds a character with its combining marks, as the precomposed one', () => {
    const decomposed = 'Cafe\u0301 CRE\u0300ME';
    const f = foldText(decomposed);
    expect(f.text).toBe('café crème');
    expect(f.text).toBe(foldText('Café CRÈME').text);
    expect(back(f, 'é')).toBe('e\u0301');
    expect(back(f, 'crème')).toBe('CRE\u0300ME');
    expect(foldText('ｶﾞﾗｽ').text).toBe('ガラス'); // half-width kana with its voicing mark
    expect(back(foldText('ｶﾞﾗｽ'), 'ガ')).toBe('ｶﾞ');
    expect(foldText('\u1105\u1175\u11b8스틱').text).toBe('립스틱'); // Hangul written as jamo
  });

  it('keeps surrogate pairs and emoji whole, and drops variation selectors and joiners', () => {
    const f = foldText('😀 𠮷野家 ❤️ 👍🏻 a\u200bb');
    expect(f.text).toBe('😀 𠮷野家 ❤ 👍🏻 ab');
    expect(back(f, '😀')).toBe('😀');
    expect(back(f, '𠮷野家')).toBe('𠮷野家');
    expect(back(f, '❤')).toBe('❤️'); // the selector goes with the heart
    expect(back(f, 'ab')).toBe('a\u200bb');
    for (let k = 0; k < f.text.length; k++) {
      // No folded unit points into the middle of a surrogate pair.
      const s = f.start[k]!;
      const e = f.end[k]!;
      expect(/[\udc00-\udfff]/.test(f.source[s]!)).toBe(false);
      expect(e === f.source.length || !/[\udc00-\udfff]/.test(f.source[e]!)).toBe(true);
    }
  });

  it('writes runs of spaces and dashes as one space, none at the ends or inside Chinese', () => {
    const f = foldText('  Polar — Sun-glasses\u3000 ');
    expect(f.text).toBe('polar sun glasses');
    expect(back(f, 'polar sun')).toBe('Polar — Sun');
    expect(foldText('偏光 太阳镜 and 猫眼').text).toBe('偏光太阳镜 and 猫眼');
    expect(foldText('').text).toBe('');
    expect(foldText(' \u200b ').text).toBe('');
  });

  it('handles long and odd input: lone surrogates, controls, a 100k-character caption', () => {
    expect(foldText('a\ud800b\u0000c').text).toBe('a\ud800b\u0000c');
    const long = 'ＡＢ ﬁ 口红 '.repeat(10_000);
    const f = foldText(long);
    expect(f.start.length).toBe(f.text.length);
    expect(f.source.slice(f.start[f.text.length - 1], f.end[f.text.length - 1])).toBe('红');
  });
});

describe('the fast path', () => {
  it('folds exactly as the full fold, and maps every unit, on real comments and odd input', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const texts = [
      ...readFileSync(path.join(root, 'tests/fixtures/danmaku/bilibili-slice.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { text: string }).text),
      ...readFileSync(path.join(root, 'tests/fixtures/sentiment/ko_nsmc/nsmc_1200.tsv'), 'utf8')
        .split('\n')
        .map((l) => l.split('\t')[1] ?? ''),
      'How Much',
      'a b',
      ' a',
      'a ',
      'a  b',
      '口 红',
      '口 a',
      'ΟΔΟΣ ΟΔΟΣ',
      'İstanbul',
      'ﬁ',
      'e\u0301',
      '😀 x',
      'a\ud800',
      '\udc00b',
      'x-y',
      'x\ty',
      '１２',
      'ǅ',
      'ẞ',
      'ς',
    ];
    let simple = 0;
    for (const t of texts) {
      const fast = foldSimple(t);
      if (fast !== null) simple++;
      expect(fast ?? foldFully(t), JSON.stringify(t)).toBe(foldFully(t));
      const f = foldText(t);
      expect(f.start.length, JSON.stringify(t)).toBe(f.text.length);
    }
    expect(simple).toBeGreaterThan(texts.length / 4); // the fast path does serve
  });

  it('agrees with the full fold next to every BMP character and a sample of the astral planes', () => {
    const cps: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) cps.push(c);
    for (let c = 0x10000; c < 0x110000; c += 37) cps.push(c);
    const bad: string[] = [];
    for (const c of cps) {
      const ch = String.fromCodePoint(c);
      for (const t of [
        `A${ch}b`,
        `口 ${ch} 红`,
        `${ch}${ch}`,
        ` ${ch}  ${ch}x `,
        `ㄱ${ch}ㅏ`,
        `${ch}\u0301 ${ch}`,
        `Σ${ch}`,
      ]) {
        const fast = foldSimple(t);
        if (fast !== null && fast !== foldFully(t)) bad.push(`U+${c.toString(16)} in ${JSON.stringify(t)}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
