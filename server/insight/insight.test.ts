// The per-comment insight rules (intent tags, product links) and the room mood, on real multilingual
// live-commerce comments.
import { describe, expect, it } from 'vitest';
import type { CommentInsight, Product } from '../../core/protocol/room-events';
import { foldText } from '../../core/text';
import { InsightEngine, type SentimentFn } from './insight-engine';
import { detectIntents } from './intents';
import { RoomMood } from './mood';
import { ProductMatcher } from './products';

const tags = (text: string) => detectIntents(foldText(text));

describe('intent tags', () => {
  it.each([
    ['how much is this?', ['question', 'price']],
    ['这个多少钱', ['question', 'price']],
    ['¿Cuánto cuesta el envío a Madrid?', ['question', 'price', 'shipping']],
    ['what size should I get, I am 170cm', ['question', 'size']],
    ['有L码吗 偏大还是偏小', ['question', 'size']],
    ['사이즈 어떻게 돼요', ['question', 'size']],
    ['사이즈가 어떻게 되나요', ['question', 'size']], // cues with Korean particles and endings attached
    ['맛있어요!', []], // "있어요" (is there?) is no question inside another word
    ['still in stock? ship to Lisbon?', ['question', 'shipping']],
    ['什么时候发货', ['question', 'shipping']],
    ['I want it!! take my money', ['buy']],
    ['已拍 冲冲冲', ['buy']],
    ['lo quiero ya', ['buy']],
    ['this is a scam, my order never arrived', ['shipping', 'complaint']],
    ['假货 退款', ['complaint']],
    ['666666', []],
    ['so pretty 😍', []],
  ])('%s -> %j', (text, expected) => {
    expect(tags(text)).toEqual(expected);
  });

  it('matches spaced-script cues only as whole words', () => {
    expect(tags('she is shipping')).toEqual(['shipping']);
    expect(tags('membership')).toEqual([]); // contains "ship"
    expect(tags('the buyer')).toEqual([]); // contains "buy"
  });
});

const product = (id: string, titles: Record<string, string>, aliases: string[] = [], pinned = false) => ({
  id,
  titles,
  aliases,
  pinned,
});

describe('product links', () => {
  const matcher = new ProductMatcher([
    product('glasses', { en: 'Cat-eye sunglasses', 'zh-CN': '猫眼太阳镜', ko: '캣아이 선글라스' }, [
      '墨镜',
      'shades',
    ]),
    product('hat', { en: 'Straw bucket hat', 'zh-CN': '草编渔夫帽' }, [], true),
    product('lipstick', { en: 'Velvet matte lipstick', es: 'Labial mate aterciopelado' }),
  ]);
  const link = (text: string) => matcher.match(foldText(text));

  it.each([
    ['how much are the sunglasses?', 'glasses'],
    ['那个太阳镜多少钱', 'glasses'],
    ['墨镜还有吗', 'glasses'],
    ['love those SHADES', 'glasses'],
    ['渔夫帽有几个颜色', 'hat'],
    ['is the bucket hat waterproof', 'hat'],
    ['el labial es de larga duración?', 'lipstick'],
    ['matte lipstick swatch pls', 'lipstick'],
    ['선글라스는 얼마예요?', 'glasses'], // a word of the Korean title, its particle attached
    ['hello from Jakarta', null],
    ['太阳好大', null],
  ])('%s -> %s', (text, expected) => {
    expect(link(text)).toBe(expected);
  });
});

const fixed =
  (label: CommentInsight['s'], lang = 'en'): SentimentFn =>
  () => ({ label, score: 0.9, lang });

describe('room mood', () => {
  const x = (s: CommentInsight['s'], i: CommentInsight['i'] = []): CommentInsight => ({
    lang: 'en',
    s,
    sc: 0.9,
    i,
    p: null,
  });

  it('counts sentiment per 10 s and per pinned-product segment', () => {
    const mood = new RoomMood('r', 'hat', 0);
    mood.add(x('pos'), 'love it', false, 1_000);
    mood.add(x('pos'), 'nice', false, 2_000);
    mood.add(x('neg'), 'meh', false, 3_000);
    mood.pin('glasses', 12_000);
    mood.add(x('neu'), 'ok', false, 12_500);
    const snap = mood.snapshot(13_000);
    expect(snap.timeline).toEqual([
      { at: 0, neg: 1, neu: 0, pos: 2 },
      { at: 10_000, neg: 0, neu: 1, pos: 0 },
    ]);
    expect(snap.segments).toMatchObject([
      { productId: 'hat', pos: 2, neg: 1 },
      { productId: 'glasses', neu: 1 },
    ]);
    // The gauge: the last 10 s at 13 s are the meh at 3 s and the ok at 12.5 s.
    expect(snap.last).toEqual({ neg: 1, neu: 1, pos: 0 });
    expect(snap.score).toBe(-0.5);
    expect(mood.snapshot(9_000 + 20_000).score).toBeNull(); // nothing in the last 10 s
  });

  it('the gauge counts a burst that straddles a 10 s boundary whole, and lets it go 10 s later', () => {
    const mood = new RoomMood('r', null, 0);
    for (const t of [9_700, 9_900, 10_100, 10_300]) mood.add(x('pos'), 'yes', false, t);
    expect(mood.snapshot(10_400).last).toEqual({ neg: 0, neu: 0, pos: 4 });
    expect(mood.snapshot(19_500).last.pos).toBe(4);
    expect(mood.snapshot(20_500).last.pos).toBe(2); // the two from before 10 s have left the window
    expect(mood.snapshot(21_500).last.pos).toBe(0);
  });

  it('raises a negative spike once, not on a steadily grumpy room', () => {
    const mood = new RoomMood('r', null, 0);
    const alerts = [];
    for (let t = 0; t < 60_000; t += 2_000) alerts.push(...mood.add(x('pos'), 'great', false, t));
    expect(alerts).toEqual([]);
    for (let k = 0; k < 8; k++) alerts.push(...mood.add(x('neg'), 'scam!!', false, 61_000 + k * 100));
    expect(alerts).toEqual([expect.objectContaining({ kind: 'negative_spike', comments: 6 })]);
  });

  it('lists open questions by how many asked, and clears them when the host answers', () => {
    const mood = new RoomMood('r', null, 0);
    const q = x('neu', ['question', 'size']);
    const alerts = [];
    for (let k = 0; k < 3; k++) alerts.push(...mood.add(q, 'What size is it?', false, 1000 + k));
    alerts.push(...mood.add(q, 'what size is it', false, 1100));
    alerts.push(...mood.add(q, 'ship to Spain?', false, 1200));
    expect(mood.snapshot(2000).openQuestions.map((o) => [o.text, o.count])).toEqual([
      ['What size is it?', 4],
      ['ship to Spain?', 1],
    ]);
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'questions', open: 5, top: 'What size is it?' }),
    ]);
    mood.add(x('neu'), 'It is one size, fits S to L', true, 3000);
    expect(mood.snapshot(4000).openQuestions).toEqual([]);
  });
});

describe('insight engine', () => {
  it('links comments to the catalog as it changes, and reports each room once per change', async () => {
    let products: Pick<Product, 'id' | 'titles' | 'aliases' | 'pinned'>[] = [];
    const engine = new InsightEngine({ list: async () => products as Product[] }, fixed('pos'), () => 1000);
    expect((await engine.analyze('r', '太阳镜多少钱', false)).x).toEqual({
      lang: 'en',
      s: 'pos',
      sc: 0.9,
      i: ['question', 'price'],
      p: null,
    });
    products = [product('glasses', { 'zh-CN': '猫眼太阳镜' })];
    await engine.productsChanged('r');
    expect((await engine.analyze('r', '太阳镜多少钱', false)).x.p).toBe('glasses');
    expect(engine.changedSnapshots().map((s) => s.roomId)).toEqual(['r']);
    expect(engine.changedSnapshots()).toEqual([]);
  });
});
