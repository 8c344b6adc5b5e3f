import { describe, expect, it } from 'vitest';
import { afterSuccess, EMPTY_PRODUCT_DRAFT, readProductDraft, type ProductDraft } from './form-drafts';

const draft = (patch: Partial<ProductDraft>): ProductDraft => ({ ...EMPTY_PRODUCT_DRAFT, ...patch });

describe('afterSuccess', () => {
  it('empties a form that still holds what was sent', () => {
    const sent = draft({ en: 'Hat', price: '5', stock: '3' });
    expect(afterSuccess({ ...sent }, sent, EMPTY_PRODUCT_DRAFT)).toEqual(EMPTY_PRODUCT_DRAFT);
    expect(afterSuccess('hello', 'hello', '')).toBe('');
  });

  it('keeps the next product the host started typing while the first was being added', () => {
    const sent = draft({ en: 'Alpha hat', price: '1.50', stock: '3' });
    // Only the title of the next product typed so far: the old price and stock are still in the form.
    const typing = { ...sent, en: 'Bravo scarf' };
    expect(afterSuccess(typing, sent, EMPTY_PRODUCT_DRAFT)).toBe(typing);
    expect(afterSuccess('next comment', 'first comment', '')).toBe('next comment');
  });
});

describe('readProductDraft', () => {
  it('says what is missing before anything is sent', () => {
    expect(readProductDraft(draft({}))).toEqual({ ok: false, problem: 'needTitle' });
    expect(readProductDraft(draft({ en: '   ', zh: '' }))).toEqual({ ok: false, problem: 'needTitle' });
    expect(readProductDraft(draft({ en: 'Hat', stock: '3' }))).toEqual({ ok: false, problem: 'needPrice' });
    expect(readProductDraft(draft({ en: 'Hat', price: '-1', stock: '3' }))).toEqual({
      ok: false,
      problem: 'needPrice',
    });
    expect(readProductDraft(draft({ zh: '帽子', price: '5' }))).toEqual({ ok: false, problem: 'needStock' });
  });

  it('turns a complete draft into the product the backend is sent', () => {
    expect(
      readProductDraft(
        draft({ en: ' Hat ', zh: '帽子', price: '19.99', stock: '2.7', arAsset: 'hat/fedora' }),
      ),
    ).toEqual({
      ok: true,
      value: {
        titles: { en: 'Hat', 'zh-CN': '帽子' },
        prices: { USD: 1999 },
        stock: 2,
        arAsset: 'hat/fedora',
        marginPct: null,
      },
    });
    expect(readProductDraft(draft({ en: 'Hat', price: '5', stock: '1', margin: '35.5' }))).toMatchObject({
      ok: true,
      value: { marginPct: 35.5 },
    });
    for (const margin of ['-1', '101', 'lots'])
      expect(readProductDraft(draft({ en: 'Hat', price: '5', stock: '1', margin }))).toEqual({
        ok: false,
        problem: 'badMargin',
      });
    expect(readProductDraft(draft({ zh: '帽子', price: '0', stock: '0' }))).toMatchObject({
      ok: true,
      value: { titles: { 'zh-CN': '帽子' }, prices: { USD: 0 }, stock: 0, arAsset: null },
    });
  });
});
