import { describe, expect, it } from 'vitest';
import { captionSegments } from './caption-text';

const term = (start: number, end: number, kind: 'product' | 'price' = 'product') => ({
  start,
  end,
  kind,
  productId: null,
});

describe('captionSegments', () => {
  it('cuts the catalog terms out of the text, in order', () => {
    expect(captionSegments('The Silk Scarf is $12 today', [term(18, 21, 'price'), term(4, 14)])).toEqual([
      { text: 'The ', term: null },
      { text: 'Silk Scarf', term: 'product' },
      { text: ' is ', term: null },
      { text: '$12', term: 'price' },
      { text: ' today', term: null },
    ]);
  });

  it('keeps the text whole when spans overlap or run past its end', () => {
    const segments = captionSegments('abcdef', [term(1, 4), term(2, 5), term(5, 99)]);
    expect(segments.map((s) => s.text).join('')).toBe('abcdef');
    expect(segments.filter((s) => s.term).map((s) => s.text)).toEqual(['bcd', 'e', 'f']);
  });

  it('leaves markup as text', () => {
    expect(captionSegments('<b>hi</b>', [])).toEqual([{ text: '<b>hi</b>', term: null }]);
  });
});
