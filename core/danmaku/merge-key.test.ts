import { describe, expect, it } from 'vitest';
import { mergeKey } from './merge-key';

describe('mergeKey', () => {
  it('folds the ways people type the same reaction into one key', () => {
    const same = (texts: string[]) => expect(new Set(texts.map(mergeKey)).size, texts.join(' | ')).toBe(1);
    same(['666', '6666', '66666666', '６６６', '666!', ' 666 ', '666！！']);
    same(['哈哈哈', '哈哈哈哈哈哈', '哈哈哈哈!']);
    same(['hhh', 'HHHH', 'hhhhhhh']);
    same(['hahaha', 'HAHAHAHA', 'haha']);
    same(['前方高能', '前方高能！！！', '前方 高能']);
    same(['ＡＷＳＬ', 'awsl', 'AWSL']);
  });

  it('keeps different comments apart, and ordinary double letters intact', () => {
    const distinct = (texts: string[]) =>
      expect(new Set(texts.map(mergeKey)).size, texts.join(' | ')).toBe(texts.length);
    distinct(['good', 'god', 'gold']);
    distinct(['6', '666', '233', '2']);
    distinct(['好看', '好看吗', '不好看']);
    distinct(['???', '!!!', '...']);
  });
});
