import { describe, expect, it } from 'vitest';
import { LocalAgreement, joinUnits, textUnits } from './local-agreement';

describe('textUnits', () => {
  it('splits spaced text into words and punctuation, unspaced scripts into characters', () => {
    expect(textUnits("Don't miss the T-shirt, only $19.99!").map((u) => u.text)).toEqual([
      "Don't",
      'miss',
      'the',
      'T-shirt',
      ',',
      'only',
      '$',
      '19.99',
      '!',
    ]);
    expect(textUnits('这款太阳镜。').map((u) => u.text)).toEqual(['这', '款', '太', '阳', '镜', '。']);
    expect(textUnits('サイズはMです').map((u) => u.text)).toEqual(['サ', 'イ', 'ズ', 'は', 'M', 'で', 'す']);
    expect(textUnits('ราคาถูก').map((u) => u.text)).toEqual(['ร', 'า', 'ค', 'า', 'ถู', 'ก']);
    expect(textUnits('이 선글라스 좋아요').map((u) => u.text)).toEqual(['이', '선글라스', '좋아요']);
  });

  it('handles mixed text and puts it back together as written', () => {
    const text = '我要买 iPhone 15 Pro，现在只要5999元';
    const units = textUnits(text);
    expect(units.map((u) => u.text)).toContain('iPhone');
    expect(units.map((u) => u.text)).toContain('5999');
    expect(joinUnits(units)).toBe(text);
    expect(textUnits('yes,please').map((u) => u.text)).toEqual(['yes', ',', 'please']);
  });
});

describe('LocalAgreement', () => {
  it('commits the common prefix of the last two hypotheses, never the tail alone', () => {
    const la = new LocalAgreement();
    expect(la.push('these sunglasses').committed).toBe('');
    const u = la.push('these sunglasses are');
    expect(u).toMatchObject({ committed: 'these sunglasses', newlyCommitted: 'these sunglasses' });
    expect(u.tentative).toBe('are');
    expect(la.partial()).toBe('these sunglasses are');
    expect(la.push('these sunglasses are polar').newlyCommitted).toBe('are');
    expect(la.finalize('these sunglasses are polarized.')).toBe('these sunglasses are polarized.');
    expect(la.committed).toBe(''); // ready for the next utterance
  });

  it('never changes what was committed while the tail flickers', () => {
    const la = new LocalAgreement();
    const hyps = [
      'today we have',
      'today we have a',
      'today we have the',
      'today we have a new',
      'today we have a new sun',
      'today we have a new son',
      'today we have a new sunglasses',
      'Today we have a new sunglasses model',
      'today we have a new sunglass model',
      'today we have a new sunglasses model',
    ];
    const committed: string[] = [];
    for (const h of hyps) {
      const u = la.push(h);
      expect(u.committed.startsWith(committed.at(-1) ?? '')).toBe(true);
      expect(u.text.startsWith(u.committed)).toBe(true);
      committed.push(u.committed);
    }
    expect(committed).toEqual([
      '',
      'today we have',
      'today we have',
      'today we have',
      'today we have a new',
      'today we have a new', // sun / son
      'today we have a new', // son / sunglasses
      'today we have a new sunglasses',
      // "sunglass" rewrites a committed word: it stays, and the agreed "model" after it is taken.
      'today we have a new sunglasses model',
      'today we have a new sunglasses model',
    ]);
  });

  it('does not retract committed words when a hypothesis rewrites them', () => {
    const la = new LocalAgreement();
    la.push('the red dress');
    la.push('the red dress is');
    expect(la.committed).toBe('the red dress');
    // Whisper changes its mind about words already shown.
    let u = la.push('a red dress is on');
    expect(u.committed).toBe('the red dress is');
    expect(u.text).toBe('the red dress is on');
    u = la.push('a rad dress is on sale');
    expect(u.committed).toBe('the red dress is on');
    expect(u.tentative).toBe('sale');
    // A hypothesis that lost words (a hallucinated short one) takes nothing back either.
    u = la.push('the');
    expect(u.committed).toBe('the red dress is on');
    expect(u.text).toBe('the red dress is on');
    expect(la.finalize('a red dress is on sale today')).toBe('the red dress is on sale today');
  });

  it('agrees character by character on CJK text', () => {
    const la = new LocalAgreement();
    la.push('这款太阳');
    expect(la.push('这款太阳镜').committed).toBe('这款太阳');
    const u = la.push('这款太阳镜现在');
    expect(u.committed).toBe('这款太阳镜');
    expect(u.tentative).toBe('现在');
    la.push('这款太阳镜现在只要');
    expect(la.push('这款太阳镜现在只要一百').committed).toBe('这款太阳镜现在只要');
    expect(la.finalize('这款太阳镜现在只要199元。')).toBe('这款太阳镜现在只要199元。');
  });

  it('compares case- and width-insensitively, keeping the newest spelling', () => {
    const la = new LocalAgreement();
    la.push('ＸＬ size available');
    expect(la.push('XL Size available now').committed).toBe('XL Size available');
  });

  it('supports n = 3', () => {
    const la = new LocalAgreement({ n: 3 });
    la.push('one two');
    expect(la.push('one two three').committed).toBe('');
    expect(la.push('one two four').committed).toBe('one two');
  });

  it('commits mixed Latin and CJK text with its spacing', () => {
    const la = new LocalAgreement();
    la.push('我们的 AirPods Pro 今天');
    expect(la.push('我们的 AirPods Pro 今天特价').committed).toBe('我们的 AirPods Pro 今天');
  });
});
