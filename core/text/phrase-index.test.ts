import { describe, expect, it } from 'vitest';
import { PhraseIndex, selectLongest } from './phrase-index';

function index(phrases: string[]): PhraseIndex<string> {
  const ix = new PhraseIndex<string>();
  for (const p of phrases) ix.add(p, p);
  return ix;
}
const found = (ix: PhraseIndex<string>, text: string) =>
  ix.find(text).map((m) => [m.values.join('|'), text.slice(m.start, m.end)]);

describe('PhraseIndex', () => {
  it('finds Chinese, Japanese and Thai phrases anywhere', () => {
    const ix = index(['口红', '丝绒哑光口红', 'リップ', 'ลิปสติก']);
    expect(found(ix, '这支丝绒哑光口红多少钱')).toEqual([
      ['丝绒哑光口红', '丝绒哑光口红'],
      ['口红', '口红'],
    ]);
    expect(found(ix, 'このリップかわいい')).toEqual([['リップ', 'リップ']]);
    expect(found(ix, 'ลิปสติกราคาเท่าไหร่')).toEqual([['ลิปสติก', 'ลิปสติก']]);
  });

  it('finds Latin phrases only as whole words, whatever the case or width', () => {
    const ix = index(['ship', 'matte lipstick']);
    expect(found(ix, 'does it ship?')).toEqual([['ship', 'ship']]);
    expect(found(ix, 'membership shipping')).toEqual([]);
    expect(found(ix, 'MATTE  Lipstick!')).toEqual([['matte lipstick', 'MATTE  Lipstick']]);
    expect(found(ix, 'ｍａｔｔｅ－ｌｉｐｓｔｉｃｋ')).toEqual([
      ['matte lipstick', 'ｍａｔｔｅ－ｌｉｐｓｔｉｃｋ'],
    ]);
    expect(found(ix, '买matte lipstick吧')).toEqual([['matte lipstick', 'matte lipstick']]);
  });

  it('Korean: a word boundary before, particles and endings allowed after', () => {
    const ix = index(['립스틱', '벨벳 매트 립스틱', 'MAC']);
    expect(found(ix, '립스틱은 얼마예요')).toEqual([['립스틱', '립스틱']]);
    expect(found(ix, '벨벳 매트 립스틱이에요')).toEqual([
      ['벨벳 매트 립스틱', '벨벳 매트 립스틱'],
      ['립스틱', '립스틱'],
    ]);
    expect(found(ix, 'MAC을 샀어요')).toEqual([['MAC', 'MAC']]);
    expect(found(ix, '아이립스틱')).toEqual([]); // not the start of a word
    expect(found(ix, 'MACBOOK')).toEqual([]);
  });

  it('keeps every value of phrases that fold alike, and reports offsets in the original text', () => {
    const ix = new PhraseIndex<number>();
    ix.add('Tote Bag', 1);
    ix.add('tote-bag', 2);
    expect(ix.add(' \u200b ', 3)).toBe(false);
    expect(ix.size).toBe(2);
    const text = '😀 ＴＯＴＥ ＢＡＧ';
    const [m] = ix.find(text);
    expect(m!.values).toEqual([1, 2]);
    expect(text.slice(m!.start, m!.end)).toBe('ＴＯＴＥ ＢＡＧ');
  });

  it('selectLongest keeps the longest non-overlapping spans, in text order', () => {
    const spans = [
      { start: 0, end: 2, id: 'a' },
      { start: 0, end: 6, id: 'b' },
      { start: 4, end: 9, id: 'c' },
      { start: 7, end: 9, id: 'd' },
    ];
    expect(selectLongest(spans).map((s) => s.id)).toEqual(['b', 'd']);
  });
});
