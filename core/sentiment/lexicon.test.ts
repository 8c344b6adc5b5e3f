import { describe, expect, it } from 'vitest';
import { LEX, lexiconHits, seedLexicon } from './lexicon';

const features = (text: string): number[] => lexiconHits(text).map((h) => h.feature);

describe('seed lexicon', () => {
  it('has no entry listed with two different polarities', () => {
    expect(seedLexicon().conflicts).toEqual([]);
  });

  it('knows danmaku and chat slang', () => {
    expect(features('666666')).toEqual([LEX.POS_STRONG]);
    expect(features('yyds')).toEqual([LEX.POS_STRONG]);
    expect(features('绝了')).toEqual([LEX.POS_STRONG]);
    expect(features('垃圾 差评')).toEqual([LEX.NEG_STRONG, LEX.NEG_STRONG]);
    expect(features('🔥🔥🔥')).toEqual([LEX.EMOJI_POS, LEX.EMOJI_POS, LEX.EMOJI_POS]);
    expect(features('😡')).toEqual([LEX.EMOJI_NEG]);
    expect(features('ㅋㅋㅋ')).toEqual([LEX.LAUGH]);
    expect(features('ㅠㅠ')).toEqual([LEX.CRY]);
    expect(features('jajaja')).toEqual([LEX.LAUGH]);
    expect(features('كذب')).toEqual([LEX.NEG_STRONG]);
  });

  it('matches the longest entry, so "不错" is praise and not a negated "错"', () => {
    expect(features('不错')).toEqual([LEX.POS]);
    expect(features('not bad')).toEqual([LEX.POS]);
  });

  it('flips polarity after a negator within its scope', () => {
    expect(features('不太好')).toEqual([LEX.NEGATED_POS]);
    expect(features('this is not very good')).toEqual([LEX.NEGATED_POS]);
    expect(features('not. good')).toEqual([LEX.POS]);
  });

  it('matches whole words in spaced scripts but inside words in Chinese, Japanese and Korean', () => {
    expect(features('goodness')).toEqual([]);
    expect(features('这个很好吃')).toEqual([LEX.POS]);
    expect(features('최고의 방송')).toEqual([LEX.POS_STRONG]);
  });

  it('does not read praise into neutral words that contain a sentiment character', () => {
    expect(features('你好')).toEqual([]);
    expect(features('快递到了吗')).toEqual([]);
  });

  it('sees Arabic words behind a clitic prefix', () => {
    expect(features('والجميل')).toEqual([LEX.POS]);
  });
});
