// Catalog terms through translation: product names, brands, sizes and prices are found in a caption,
// swapped for placeholders a translator copies through, then put back in the viewer's language.
// Names are matched with core/text (the same folding and word boundaries as product links in comments);
// prices (money.ts) and sizes (sizes.ts) by patterns over the same folded text.
import { captionLanguageFor, type CaptionLanguage, type CaptionTerm } from '../protocol/captions';
import type { Product } from '../protocol/room-events';
import {
  foldKey,
  foldText,
  isSpacedWordChar,
  isUnspacedChar,
  PhraseIndex,
  selectLongest,
  sourceRange,
} from '../text';
import { findPrices, formatPrice, VIEWER_CURRENCY } from './money';
import { findPlaceholders, makePlaceholder } from './placeholders';
import { findSizes, renderSize } from './sizes';

export { formatPrice, parseHanNumber, VIEWER_CURRENCY } from './money';
export {
  findPlaceholders,
  makePlaceholder,
  PLACEHOLDER_PATTERN,
  type PlaceholderMatch,
} from './placeholders';

export type TermKind = CaptionTerm['kind'];

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
  /** Catalog names: a product id, or null for a declared brand. */
  private readonly names = new PhraseIndex<string | null>();
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
    if (Array.from(foldKey(term)).length < MIN_TERM_CHARS) return;
    this.names.add(term, productId);
  }

  private detect(text: string, lang: CaptionLanguage): Span[] {
    const folded = foldText(text);
    const f = folded.text;
    const candidates: Span[] = [];
    // Catalog names: every match at every start; the longest win below.
    this.names.scan(folded, (ids, start, end) => {
      // One product: that product. Several, or a declared brand: a brand, kept as it is.
      const products = new Set(ids.filter((id) => id !== null));
      const only = products.size === 1 ? [...products][0]! : null;
      candidates.push({ start, end, kind: only ? 'product' : 'brand', productId: only });
    });
    const productsAt = (currency: string, amountMinor: number) =>
      this.prices.get(`${currency}:${amountMinor}`) ?? [];
    for (const p of findPrices(f, lang, productsAt)) {
      const productId = p.priceOf.length === 1 ? p.priceOf[0]! : null;
      candidates.push({ ...p, kind: 'price', productId });
    }
    for (const s of findSizes(folded)) candidates.push({ ...s, kind: 'size', productId: null });
    // Longest first, then leftmost; a span overlapping one already taken is dropped.
    const chosen = selectLongest(candidates);
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
      const [start, end] = sourceRange(folded, s.start, s.end);
      const mapped: Span = { ...s, start, end };
      delete mapped.priceOf;
      return mapped;
    });
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
      case 'size':
        return renderSize(slot.size ?? { value: slot.source, labelled: false }, lang, before, after);
    }
  }
}

function titleIn(product: Product, lang: CaptionLanguage): string | undefined {
  if (product.titles[lang]) return product.titles[lang];
  for (const [tag, title] of Object.entries(product.titles))
    if (captionLanguageFor(tag) === lang) return title;
  return undefined;
}

/** Indexes the room's catalog: every product's titles (all languages), aliases and prices. */
export function buildGlossary(products: readonly Product[], options: GlossaryOptions = {}): Glossary {
  return new Glossary(products, options);
}
