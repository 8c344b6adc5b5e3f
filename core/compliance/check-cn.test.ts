// China: absolute terms and medical claims in Chinese and English, with the everyday words that contain a
// banned character (最近, 最后, 第一次) and the dodges a careful reviewer would catch (醉好, zui hao, 国*家*级).
import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../server/compliance/pack-files';
import { checkText, UnknownMarketError } from './check';
import { checkLine } from './languages';

const { packs } = loadPacks();
const flags = (text: string) => checkLine(text, 'CN', packs).map((f) => [f.category, f.text]);
const categories = (text: string) => [...new Set(checkLine(text, 'CN', packs).map((f) => f.category))];

describe('compliance checker, CN', () => {
  it('flags 国家级 and 根治脱发 with the exact spans, citations and a rephrase', () => {
    const text = '这款洗发水是国家级配方，还能根治脱发';
    const found = checkText(text, 'zh', 'CN', packs);
    expect(found.map((f) => [f.category, f.text])).toEqual(
      expect.arrayContaining([
        ['absolute_term', '国家级'],
        ['medical_claim', '根治'],
      ]),
    );
    for (const f of found) {
      expect(text.slice(f.start, f.end)).toBe(f.text);
      expect(f.severity).toBe(2);
      expect(f.market).toBe('CN');
      expect(f.rephrase.length).toBeGreaterThan(0);
    }
    expect(found.find((f) => f.text === '国家级')!.citation).toBe('China Advertising Law art. 9(3)');
  });

  it.each([
    ['这是全网最好的面霜', 'absolute_term'],
    ['我们家精华是销量第一的', 'absolute_term'],
    ['100%有效，不满意包退', 'absolute_term'],
    ['喝了这个茶可以降血压', 'medical_claim'],
    ['用了三个月，我的湿疹全好了', 'medical_claim'],
    ['保证瘦十斤，无效退款', 'guaranteed_result'],
    ['三天瘦5斤不反弹', 'guaranteed_result'],
    ['央视推荐的品牌', 'fake_authority'],
    ['做我们代理月入过万', 'earnings_claim'],
    ['别家的牌子都是垃圾', 'disparagement'],
    ['今天给大家上一款电子烟', 'prohibited_product_mention'],
    ['品牌方给了钱，但我是真的喜欢', 'undisclosed_endorsement'],
    ['This is the best cream in the world', 'absolute_term'],
    ['This serum cures acne in a week', 'medical_claim'],
  ])('flags %s as %s', (text, category) => {
    expect(categories(text)).toContain(category);
  });

  it.each([
    '最近天气冷，大家注意保暖',
    '最后三分钟，我们开始抽奖',
    '第一次来直播间的宝宝点个关注',
    '最好看的颜色是哪个？',
    '你最好先领券再下单',
    '这个不是药，不能治疗任何疾病',
    '这件是100%纯棉的',
    '狗是人类最好的朋友。',
    '国家队的比赛今晚开始',
    '你的湿疹好了吗？',
    '本场商业合作，品牌方送的试用装',
    'best before June, check the date on the box',
    "tonight's top question is shipping",
    'my favourite blush ever',
  ])('leaves %s alone', (text) => {
    expect(flags(text)).toEqual([]);
  });

  it('reads homophones, pinyin and separators written to dodge a filter', () => {
    expect(flags('醉好的保湿霜就是这款')).toEqual([['absolute_term', '醉好']]);
    expect(flags('罪佳选择')).toEqual([['absolute_term', '罪佳']]);
    expect(flags('这款是zui hao的粉底')).toEqual([['absolute_term', 'zui hao']]);
    expect(flags('guo jia ji 配方，放心用')).toEqual([['absolute_term', 'guo jia ji']]);
    expect(flags('国*家*级认证配方')).toEqual([['absolute_term', '国*家*级']]);
    expect(flags('这款面霜是 F.D.A. 认证的')).toEqual([['fake_authority', 'F.D.A. 认证']]);
    expect(flags('这款面霜是FDA认证的')).toEqual([['fake_authority', 'FDA认证']]);
  });

  it('reads full-width and mixed-script text as written', () => {
    const text = 'ＦＤＡ approved 的面霜';
    const [f] = checkLine(text, 'CN', packs);
    expect(f).toMatchObject({ category: 'fake_authority', text: 'ＦＤＡ approved' });
  });

  it('throws a typed error for a market it has no pack for', () => {
    expect(() => checkText('最好', 'zh', 'XX', packs)).toThrow(UnknownMarketError);
  });
});

describe('compliance checker, context words', () => {
  it('holds the words around a hit to whole words ("to" is no reason to let "number one toner" pass)', () => {
    expect(flags('this is the number one toner in China')).toEqual([['absolute_term', 'number one']]);
    expect(flags('the best way to apply it')).toEqual([]);
  });
});

describe('compliance checker, context windows in Chinese', () => {
  it('a question far from the claim does not excuse it; one right after it does', () => {
    expect(categories('这是全网最好的面霜，用完皮肤很舒服很滋润，大家还有什么问题吗？')).toEqual([
      'absolute_term',
    ]);
    expect(categories('这几款里面哪个最好用？')).toEqual([]);
  });
});
