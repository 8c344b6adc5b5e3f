// What the studio's forms hold while a request runs: the shelf's "add a product" draft and what it needs
// before it can be sent (ranges such as the most stock are the backend's to check: it says which in its
// answer), and what a form keeps once its request succeeded.

export interface ProductDraft {
  en: string;
  zh: string;
  price: string;
  stock: string;
  arAsset: string;
  /** The seller's margin in percent: optional, private (pitch next weighs it; viewers never see it). */
  margin: string;
}

export const EMPTY_PRODUCT_DRAFT: ProductDraft = {
  en: '',
  zh: '',
  price: '',
  stock: '',
  arAsset: '',
  margin: '',
};

/** What the draft still lacks, as a `room.products.<problem>` message key. */
export type DraftProblem = 'needTitle' | 'needPrice' | 'needStock' | 'badMargin';

export interface ProductFields {
  titles: Record<string, string>;
  prices: { USD: number };
  stock: number;
  arAsset: string | null;
  marginPct: number | null;
}

export type DraftReading = { ok: true; value: ProductFields } | { ok: false; problem: DraftProblem };

const isNumber = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

export function readProductDraft(draft: ProductDraft): DraftReading {
  const titles: Record<string, string> = {};
  if (draft.en.trim()) titles.en = draft.en.trim();
  if (draft.zh.trim()) titles['zh-CN'] = draft.zh.trim();
  if (Object.keys(titles).length === 0) return { ok: false, problem: 'needTitle' };
  if (!isNumber(draft.price) || Number(draft.price) < 0) return { ok: false, problem: 'needPrice' };
  if (!isNumber(draft.stock) || Number(draft.stock) < 0) return { ok: false, problem: 'needStock' };
  const margin = draft.margin.trim();
  if (margin !== '' && (!isNumber(margin) || Number(margin) < 0 || Number(margin) > 100))
    return { ok: false, problem: 'badMargin' };
  return {
    ok: true,
    value: {
      titles,
      prices: { USD: Math.round(Number(draft.price) * 100) },
      stock: Math.floor(Number(draft.stock)),
      arAsset: draft.arAsset || null,
      marginPct: margin === '' ? null : Number(margin),
    },
  };
}

/**
 * What a form shows after its request succeeded: emptied if it still holds what was sent, else what the
 * host typed meanwhile (the next product, the next comment), untouched.
 */
export function afterSuccess<T>(current: T, sent: T, empty: T): T {
  return sameValues(current, sent) ? empty : current;
}

function sameValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
  );
}
