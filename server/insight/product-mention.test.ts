// One product, one sentence, two paths: said by the host it is a caption (the glossary protects the name
// for translation), typed by a viewer it is a comment (insight links it to the catalog). Both read the
// name with core/text, so they must find it at the same [start, end) of the same text, in every language.
import { describe, expect, it } from 'vitest';
import { buildGlossary } from '../../core/captions/glossary';
import type { CaptionLanguage } from '../../core/protocol/captions';
import type { Product } from '../../core/protocol/room-events';
import { foldText } from '../../core/text';
import { InsightEngine } from './insight-engine';
import { ProductMatcher } from './products';

const LIPSTICK: Product = {
  id: 'lip',
  roomId: 'r',
  titles: { en: 'Velvet Matte Lipstick', 'zh-CN': '丝绒哑光口红', ko: '벨벳 매트 립스틱' },
  aliases: [],
  prices: { CNY: 19900, USD: 2799, KRW: 36000 },
  stock: 5,
  images: [],
  arAsset: null,
  pinned: false,
  updatedAt: 1,
};
const SUNGLASSES: Product = {
  ...LIPSTICK,
  id: 'sun',
  titles: { en: 'Polar Sunglasses', 'zh-CN': '偏光太阳镜', ko: '편광 선글라스' },
  prices: { CNY: 9900 },
  pinned: true,
};
const catalog = [LIPSTICK, SUNGLASSES];

const cases: [CaptionLanguage, string, string][] = [
  ['zh-CN', '这支丝绒哑光口红真的很显白', '丝绒哑光口红'],
  ['zh-CN', '姐妹们，丝绒 哑光口红今天只要199元！', '丝绒 哑光口红'], // a recogniser's stray space
  ['ko', '벨벳 매트 립스틱은 얼마예요?', '벨벳 매트 립스틱'], // the particle 은 stays outside
  ['ko', '오늘 벨벳 매트 립스틱이 제일 잘 팔려요', '벨벳 매트 립스틱'],
  ['en', 'How much is the Velvet Matte Lipstick today?', 'Velvet Matte Lipstick'],
  ['en', '😍 the ＶＥＬＶＥＴ matte-lipstick is gorgeous', 'ＶＥＬＶＥＴ matte-lipstick'],
];

describe('a product name in a caption and in a comment', () => {
  const glossary = buildGlossary(catalog);
  const matcher = new ProductMatcher(catalog);

  it.each(cases)('%s: %s', (lang, sentence, name) => {
    const at = sentence.indexOf(name);
    const expected = { productId: 'lip', start: at, end: at + name.length };
    const caption = glossary.findTerms(sentence, lang).filter((t) => t.kind === 'product');
    expect(caption).toEqual([{ ...expected, kind: 'product' }]);
    expect(matcher.find(foldText(sentence))).toEqual(expected);
  });

  it('is what the comment insight links, and what the caption protects', async () => {
    const engine = new InsightEngine({ list: async () => catalog }, () => ({
      label: 'neu',
      score: 0,
      lang: 'und',
    }));
    for (const [lang, sentence, name] of cases) {
      expect((await engine.analyze('r', sentence, false)).x.p, sentence).toBe('lip');
      const slot = glossary.protect(sentence, lang).slots.find((s) => s.kind === 'product');
      expect(slot?.source).toBe(name);
    }
  });

  it('neither path finds it inside another word', () => {
    for (const [lang, sentence] of [
      ['ko', '아이벨벳매트립스틱'], // no word of it starts a word here
      ['en', 'velvetmatte lipsticks'],
    ] as const) {
      expect(glossary.findTerms(sentence, lang)).toEqual([]);
      expect(matcher.find(foldText(sentence))).toBeNull();
    }
  });
});
