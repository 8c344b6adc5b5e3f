// The shipped model on the live-chat signals it must get right. Reads the weights from
// assets/models/sentiment with plain fs (core itself never touches the file system).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSentiment } from './analyze';
import { SentimentModel } from './model';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/models/sentiment');
const model = SentimentModel.fromParts(
  JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')),
  readFileSync(path.join(dir, 'weights.bin')),
);
const label = (text: string): string => analyzeSentiment(text, model).label;

describe('analyzeSentiment with the shipped model', () => {
  it('reads danmaku slang and emoji as praise', () => {
    for (const text of [
      '666666',
      'yyds',
      '🔥🔥🔥',
      '绝了',
      '太好看了吧',
      '好评',
      '😍😍',
      '最高！',
      '대박 ㅋㅋ',
      'lol this is amazing',
      'jajaja qué bueno',
    ]) {
      expect([text, label(text)]).toEqual([text, 'pos']);
    }
  });

  it('reads complaints as negative', () => {
    for (const text of [
      '垃圾 差评',
      '😡😡😡',
      'كذب',
      '最悪',
      '최악이다 ㅠㅠ',
      'wtf this is a scam',
      'que asco',
      'das ist scheiße',
    ]) {
      expect([text, label(text)]).toEqual([text, 'neg']);
    }
  });

  it('handles negation', () => {
    expect(label('不太好')).toBe('neg');
    expect(label('this is not good at all')).toBe('neg');
  });

  it('returns a score in [-1, 1] and the language', () => {
    const r = analyzeSentiment('这个口红颜色太好看了', model);
    expect(r).toEqual({ label: 'pos', score: expect.any(Number), lang: 'zh' });
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(analyzeSentiment('垃圾', model).score).toBeGreaterThanOrEqual(-1);
  });

  it('answers neutral and und for an empty comment, and uses a language it is given', () => {
    expect(analyzeSentiment('', model)).toEqual({ label: 'neu', score: 0, lang: 'und' });
    expect(analyzeSentiment('great', model, 'xx').lang).toBe('xx');
  });
});
