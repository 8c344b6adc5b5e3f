import { describe, expect, it } from 'vitest';
import { CAPTION_LANGUAGES, type CaptionLanguage, type CaptionTerm } from '../protocol/captions';
import type { Product } from '../protocol/room-events';
import {
  PLACEHOLDER_PATTERN,
  VIEWER_CURRENCY,
  buildGlossary,
  findPlaceholders,
  formatPrice,
  makePlaceholder,
  parseHanNumber,
  type GlossarySlot,
} from './glossary';

const base = { roomId: 'r1', stock: 5, images: [], arAsset: null, pinned: false, updatedAt: 1 };
const SUN: Product = {
  ...base,
  id: 'sun',
  titles: {
    en: 'Polar Sunglasses',
    'zh-CN': '偏光太阳镜',
    es: 'Gafas de sol polarizadas',
    ja: '偏光サングラス',
  },
  prices: { CNY: 19900, USD: 2799, EUR: 2599, JPY: 3980 },
  aliases: ['太阳镜', '墨镜', 'shades'],
  pinned: true,
  updatedAt: 5,
};
const DRESS: Product = {
  ...base,
  id: 'dress',
  titles: { en: 'Silk Dress', 'zh-CN': '真丝连衣裙', es: 'Vestido de seda', ja: 'シルクワンピース' },
  prices: { CNY: 59900, USD: 8499, EUR: 7999 }, // no yen price
  aliases: ['连衣裙'],
  updatedAt: 9,
};
const TOTE: Product = {
  ...base,
  id: 'tote',
  titles: { en: 'Canvas Tote', 'zh-CN': '帆布包', 'es-MX': 'Bolso de lona', ja: 'キャンバストート' },
  prices: { CNY: 9900, USD: 1499, EUR: 1399, JPY: 2200 },
  aliases: ['tote bag', '包'],
  updatedAt: 3,
};
const glossary = buildGlossary([SUN, DRESS, TOTE], { brands: ['SunnyDay'] });

const spans = (text: string, terms: CaptionTerm[]) =>
  terms.map((t) => [t.kind, t.productId, text.slice(t.start, t.end)]);

/** What a restored text must satisfy whatever the translator did: every slot there, offsets exact. */
function expectIntact(text: string, terms: CaptionTerm[], slots: GlossarySlot[], expected: string[]) {
  expect(findPlaceholders(text)).toEqual([]);
  for (let i = 1; i < terms.length; i++) expect(terms[i]!.start).toBeGreaterThanOrEqual(terms[i - 1]!.end);
  for (const t of terms) expect(t.end).toBeLessThanOrEqual(text.length);
  const found = terms.map((t) => text.slice(t.start, t.end));
  // Each slot (kind, product) is rendered at least once, as expected.
  slots.forEach((slot, i) => {
    const hit = terms.findIndex(
      (t, k) => t.kind === slot.kind && t.productId === slot.productId && found[k] === expected[i],
    );
    expect(
      hit,
      `slot ${slot.placeholder} (${expected[i]}) in ${JSON.stringify(text)}`,
    ).toBeGreaterThanOrEqual(0);
  });
}

describe('placeholders', () => {
  it('are letter-digit codes, found however a translator mangled them', () => {
    expect(makePlaceholder(3)).toBe('ZX3Q');
    expect('a ZX3Q b ZX12Q'.match(PLACEHOLDER_PATTERN)).toEqual(['ZX3Q', 'ZX12Q']);
    const text = 'zx3q, ZX 12 Q, Zx-7-q, ＺＸ４Ｑ, ZX٥Q, [ZX6Q], 【ZX8Q】, (ZX9Q';
    const found = findPlaceholders(text);
    expect(found.map((m) => m.index)).toEqual([3, 12, 7, 4, 5, 6, 8, 9]);
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual([
      'zx3q',
      'ZX 12 Q',
      'Zx-7-q',
      'ＺＸ４Ｑ',
      'ZX٥Q',
      '[ZX6Q]',
      '【ZX8Q】',
      'ZX9Q', // one bracket alone is the sentence's own
    ]);
    expect(() => makePlaceholder(0)).toThrow(RangeError);
  });
});

describe('findTerms', () => {
  it('finds products, prices and sizes with offsets into the text', () => {
    const text = '这款偏光太阳镜只要199元，有M号和L号，真丝连衣裙599块';
    expect(spans(text, glossary.findTerms(text, 'zh-CN'))).toEqual([
      ['product', 'sun', '偏光太阳镜'], // the longest: not the alias 太阳镜 inside it
      ['price', 'sun', '199元'],
      ['size', null, 'M号'],
      ['size', null, 'L号'],
      ['product', 'dress', '真丝连衣裙'],
      ['price', 'dress', '599块'],
    ]);
  });

  it('is case-insensitive for Latin, NFKC-folded, and tolerant of spacing and dashes', () => {
    for (const text of [
      'The POLAR SUNGLASSES!',
      'the ｐｏｌａｒ　ｓｕｎｇｌａｓｓｅｓ',
      'the polar-sunglasses',
      'the Polar  Sunglasses',
    ]) {
      const [term] = glossary.findTerms(text, 'en');
      expect(term).toMatchObject({ kind: 'product', productId: 'sun' });
      expect(text.slice(term!.start, term!.end).replace(/\s+/g, ' ')).toMatch(/^(polar|ｐｏｌａｒ)/i);
      expect(term!.end).toBe(text.replace(/!$/, '').length);
    }
    const emoji = '😀😀 ﬁne ＰＯＬＡＲ sunglasses';
    expect(spans(emoji, glossary.findTerms(emoji, 'en'))).toEqual([
      ['product', 'sun', 'ＰＯＬＡＲ sunglasses'],
    ]);
    const spaced = '这个偏光 太阳镜很好';
    expect(spans(spaced, glossary.findTerms(spaced, 'zh-CN'))).toEqual([['product', 'sun', '偏光 太阳镜']]);
  });

  it('has no false positives inside other words or in ordinary numbers', () => {
    for (const [text, lang] of [
      ["I'm in Madrid, Mom says it's OK", 'en'],
      ['Mister Smith took the XLarge shadesbox to the totem', 'en'],
      ['tell us 8 things, 199 people came', 'en'],
      ['包邮，10号发货，38号', 'zh-CN'],
      ['Sunglasses are nice', 'en'],
    ] as [string, CaptionLanguage][]) {
      expect(glossary.findTerms(text, lang), text).toEqual([]);
    }
    const text = 'In Madrid I wear size M, or EU 38, or XL';
    expect(spans(text, glossary.findTerms(text, 'en'))).toEqual([
      ['size', null, 'size M'],
      ['size', null, 'EU 38'],
      ['size', null, 'XL'],
    ]);
  });

  it('recognises sizes as each language says them', () => {
    const cases: [string, CaptionLanguage, string[]][] = [
      ['有S、M、L三个码', 'zh-CN', ['S', 'M', 'L']],
      ['我穿38码，她穿M码', 'zh-CN', ['38码', 'M码']],
      ['サイズMとLサイズ', 'ja', ['サイズM', 'Lサイズ']],
      ['talla M o talla 38', 'es', ['talla M', 'talla 38']],
      ['Größe XL, sizes S/M/L', 'de', ['Größe XL', 'S', 'M', 'L']],
      ['we have 2XL and XXL', 'en', ['2XL', 'XXL']],
    ];
    for (const [text, lang, want] of cases) {
      const got = glossary.findTerms(text, lang);
      expect(got.every((t) => t.kind === 'size')).toBe(true);
      expect(
        got.map((t) => text.slice(t.start, t.end)),
        text,
      ).toEqual(want);
    }
  });

  it('recognises catalog prices however they are said', () => {
    const cases: [string, CaptionLanguage, string, string | null][] = [
      ['只要199元', 'zh-CN', '199元', 'sun'],
      ['只要¥199', 'zh-CN', '¥199', 'sun'],
      ['只要一百九十九元', 'zh-CN', '一百九十九元', 'sun'],
      ['五百九十九块钱', 'zh-CN', '五百九十九块钱', 'dress'],
      ['only $27.99', 'en', '$27.99', 'sun'],
      ['only US$ 27.99', 'en', 'US$ 27.99', 'sun'],
      ['only 27.99 dollars', 'en', '27.99 dollars', 'sun'],
      ['solo 25,99 €', 'es', '25,99 €', 'sun'],
      ['solo 25.99 euros', 'es', '25.99 euros', 'sun'],
      ['seulement 79,99 €', 'fr', '79,99 €', 'dress'],
      ['たった3,980円', 'ja', '3,980円', 'sun'],
      ['たった¥3980', 'ja', '¥3980', 'sun'], // ¥ in Japanese: yen
      ['只要99元', 'zh-CN', '99元', 'tote'],
      ['九十九块九', 'zh-CN', '九十九块九', null], // 99.90, no product costs that
    ];
    for (const [text, lang, span, productId] of cases) {
      const terms = glossary.findTerms(text, lang);
      expect(spans(text, terms), text).toEqual([['price', productId, span]]);
    }
    expect(glossary.protect('九十九块九', 'zh-CN').slots[0]!.price).toEqual({
      amountMinor: 9990,
      currency: 'CNY',
    });
  });

  it('gives a price two products share to the one named nearest, or to none', () => {
    const a: Product = { ...base, id: 'a', titles: { en: 'Red Cap' }, prices: { USD: 999 }, aliases: [] };
    const b: Product = { ...base, id: 'b', titles: { en: 'Blue Scarf' }, prices: { USD: 999 }, aliases: [] };
    const g = buildGlossary([a, b]);
    const text = 'the Red Cap is nice, the Blue Scarf is $9.99';
    expect(spans(text, g.findTerms(text, 'en')).at(-1)).toEqual(['price', 'b', '$9.99']);
    expect(spans('only $9.99', g.findTerms('only $9.99', 'en'))).toEqual([['price', null, '$9.99']]);
  });

  it('finds Korean names and sizes with their particles attached, never inside another word', () => {
    const lip: Product = {
      ...base,
      id: 'lip',
      titles: { ko: '벨벳 매트 립스틱', en: 'Velvet Matte Lipstick' },
      prices: { KRW: 25000 },
      aliases: ['립스틱'],
    };
    const g = buildGlossary([lip]);
    const text = '벨벳 매트 립스틱은 XL이 없고, 아이립스틱도 없어요';
    expect(spans(text, g.findTerms(text, 'ko'))).toEqual([
      ['product', 'lip', '벨벳 매트 립스틱'],
      ['size', null, 'XL'],
    ]);
    expect(g.protect('립스틱이에요', 'ko').masked).toBe('ZX1Q 이에요');
  });

  it('keeps brands, and names shared by several products, as brands', () => {
    const a: Product = {
      ...base,
      id: 'a',
      titles: { en: 'Aero Cap' },
      prices: { USD: 1 },
      aliases: ['Aero'],
    };
    const b: Product = {
      ...base,
      id: 'b',
      titles: { en: 'Aero Scarf' },
      prices: { USD: 2 },
      aliases: ['Aero'],
    };
    const g = buildGlossary([a, b], { brands: ['SunnyDay'] });
    const text = 'SunnyDay and Aero, the Aero Scarf';
    expect(spans(text, g.findTerms(text, 'en'))).toEqual([
      ['brand', null, 'SunnyDay'],
      ['brand', null, 'Aero'],
      ['product', 'b', 'Aero Scarf'],
    ]);
  });
});

describe('protect and restore', () => {
  const source = '这款偏光太阳镜只要199元，有M号和L号';
  const { masked, slots } = glossary.protect(source, 'zh-CN');
  const en = ['Polar Sunglasses', '$27.99', 'size M', 'size L'];

  it('masks every term with a placeholder', () => {
    expect(masked).toBe('这款ZX1Q只要ZX2Q，有ZX3Q和ZX4Q');
    expect(slots.map((s) => [s.placeholder, s.kind, s.productId, s.source])).toEqual([
      ['ZX1Q', 'product', 'sun', '偏光太阳镜'],
      ['ZX2Q', 'price', 'sun', '199元'],
      ['ZX3Q', 'size', null, 'M号'],
      ['ZX4Q', 'size', null, 'L号'],
    ]);
    // Next to Latin text, a placeholder stays its own word.
    expect(glossary.protect('买Polar Sunglasses吧', 'zh-CN').masked).toBe('买ZX1Q吧');
    expect(glossary.protect('SunnyDay墨镜', 'zh-CN').masked).toBe('ZX1Q ZX2Q');
  });

  it('puts back the target-language forms with exact offsets', () => {
    const r = glossary.restore('This ZX1Q is only ZX2Q, available in ZX3Q and ZX4Q.', slots, 'en');
    expect(r.text).toBe('This Polar Sunglasses is only $27.99, available in size M and size L.');
    expect(spans(r.text, r.terms)).toEqual([
      ['product', 'sun', 'Polar Sunglasses'],
      ['price', 'sun', '$27.99'],
      ['size', null, 'size M'],
      ['size', null, 'size L'],
    ]);
  });

  it('keeps every term whatever the translator did to the placeholders', () => {
    const outputs: [string, string][] = [
      ['dropped', 'This is only ZX2Q, available in ZX4Q.'],
      ['all dropped', 'This one is cheap.'],
      ['empty', ''],
      ['moved', 'ZX4Q and ZX3Q exist; ZX2Q buys ZX1Q'],
      ['mangled', 'This zx 1 q is only [ZX2Q], in ＺＸ３Ｑ and ZX-4-Q.'],
      ['duplicated', 'ZX1Q ZX1Q is only ZX2Q ZX2Q, in ZX3Q and ZX4Q, ZX1Q!'],
      ['glued', 'TheZX1Qis onlyZX2Q,ZX3Q,ZX4Q'],
      ['unknown', 'This ZX1Q ZX9Q is only ZX2Q, in ZX3Q and ZX4Q.'],
      ['arabic digits', 'ZX١Q ZX٢Q ZX٣Q ZX٤Q'],
    ];
    for (const [, translated] of outputs) {
      const r = glossary.restore(translated, slots, 'en');
      expectIntact(r.text, r.terms, slots, en);
    }
    expect(glossary.restore('This is only ZX2Q, available in ZX4Q.', slots, 'en').text).toBe(
      'This is only $27.99, available in size L. (Polar Sunglasses, size M)',
    );
    expect(glossary.restore('', slots, 'en').text).toBe('Polar Sunglasses, $27.99, size M, size L');
    expect(glossary.restore('ZX1Q ZX1Q is only ZX2Q', slots, 'en').text).toBe(
      'Polar Sunglasses is only $27.99 (size M, size L)',
    );
    expect(glossary.restore('This ZX1Q ZX9Q is only ZX2Q ZX3Q ZX4Q', slots, 'en').text).toBe(
      'This Polar Sunglasses is only $27.99 size M size L',
    );
    expect(glossary.restore('TheZX1Qis', slots.slice(0, 1), 'en').text).toBe('The Polar Sunglasses is');
    const ja = glossary.restore('この【ZX1Q】はZX2Qです', slots, 'ja');
    expect(ja.text).toBe('この偏光サングラスは￥3,980です（Mサイズ、Lサイズ）');
    expectIntact(ja.text, ja.terms, slots, ['偏光サングラス', '￥3,980', 'Mサイズ', 'Lサイズ']);
  });

  it('writes a size word only where the translation does not already have one', () => {
    expect(glossary.restore('in size ZX3Q and ZX4Q', slots, 'en').text).toBe(
      'in size M and size L (Polar Sunglasses, $27.99)',
    );
    expect(glossary.restore('有ZX3Q码和ZX4Q', slots, 'zh-CN').text).toBe('有M码和L码（偏光太阳镜、¥199）');
    const bare = glossary.protect('S、M、L都有', 'zh-CN');
    expect(glossary.restore('ZX1Q, ZX2Q and ZX3Q', bare.slots, 'es').text).toBe('S, M and L');
  });

  it('writes prices in the currency and form of each language', () => {
    const price = glossary.protect('199元', 'zh-CN');
    const fmt = (minor: number, currency: string, lang: string) =>
      new Intl.NumberFormat(lang, {
        style: 'currency',
        currency,
        trailingZeroDisplay: 'stripIfInteger',
      }).format(minor / (currency === 'JPY' ? 1 : 100));
    const want: Record<CaptionLanguage, string> = {
      en: '$27.99',
      'zh-CN': '¥199',
      es: fmt(2599, 'EUR', 'es-ES'),
      ja: '￥3,980',
      ko: fmt(19900, 'CNY', 'ko-KR'), // no KRW price: the amount as spoken
      id: fmt(19900, 'CNY', 'id-ID'),
      pt: fmt(2599, 'EUR', 'pt-PT'),
      ar: fmt(19900, 'CNY', 'ar'),
      fr: fmt(2599, 'EUR', 'fr-FR'),
      de: fmt(2599, 'EUR', 'de-DE'),
    };
    for (const lang of CAPTION_LANGUAGES) {
      const r = glossary.restore('ZX1Q', price.slots, lang);
      expect(r.text, lang).toBe(want[lang]);
      expect(r.terms).toEqual([{ start: 0, end: r.text.length, kind: 'price', productId: 'sun' }]);
    }
    expect(want.es).toBe('25,99\u00a0€');
    expect(want.de).toBe('25,99\u00a0€');
    // The dress has no yen price: Japanese viewers get the spoken yuan amount.
    const dress = glossary.protect('真丝连衣裙599元', 'zh-CN');
    expect(glossary.restore('ZX1Q ZX2Q', dress.slots, 'ja').text).toBe(
      `シルクワンピース ${fmt(59900, 'CNY', 'ja-JP')}`,
    );
    // A price no product has is kept as spoken, in the target's number format.
    const other = glossary.protect('19.99 dollars', 'en');
    expect(other.slots[0]).toMatchObject({ kind: 'price', productId: null });
    expect(glossary.restore('ZX1Q', other.slots, 'de').text).toBe(fmt(1999, 'USD', 'de-DE'));
    expect(formatPrice(2200, 'JPY', 'ja')).toBe('￥2,200');
    expect(VIEWER_CURRENCY.ko).toBe('KRW');
  });

  it('falls back to the source title where the target language has none', () => {
    const tote = glossary.protect('帆布包', 'zh-CN');
    expect(glossary.restore('ZX1Q', tote.slots, 'es').text).toBe('Bolso de lona'); // from es-MX
    expect(glossary.restore('ZX1Q', tote.slots, 'de').text).toBe('帆布包');
    const brand = glossary.protect('SunnyDay', 'en');
    expect(glossary.restore('ZX1Q', brand.slots, 'ja').text).toBe('SunnyDay');
  });
});

describe('promptFor', () => {
  it('lists product names in the language, pinned first, then the most recently updated', () => {
    expect(glossary.promptFor('zh-CN')).toBe('偏光太阳镜、真丝连衣裙、帆布包');
    expect(glossary.promptFor('en')).toBe('Polar Sunglasses, Silk Dress, Canvas Tote');
    expect(glossary.promptFor('es')).toBe('Gafas de sol polarizadas, Vestido de seda, Bolso de lona');
    expect(glossary.promptFor('en', 30)).toBe('Polar Sunglasses, Silk Dress');
    expect(buildGlossary([]).promptFor('en')).toBe('');
  });
});

describe('parseHanNumber', () => {
  it('reads Chinese numerals', () => {
    expect(parseHanNumber('一百九十九')).toBe(199);
    expect(parseHanNumber('十九')).toBe(19);
    expect(parseHanNumber('两千五')).toBe(2500);
    expect(parseHanNumber('一百零五')).toBe(105);
    expect(parseHanNumber('三万九千九百')).toBe(39_900);
    expect(parseHanNumber('十九点九九')).toBeCloseTo(19.99, 10);
    expect(parseHanNumber('一九九')).toBe(199);
    expect(parseHanNumber('九九九九')).toBe(9999);
  });
});
