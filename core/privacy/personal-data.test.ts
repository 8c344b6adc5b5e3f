import { describe, expect, it } from 'vitest';
import {
  findPersonalData,
  luhn,
  maskPersonalData,
  redactForCloud,
  validCnId,
  validIban,
} from './personal-data';

const kinds = (text: string) => findPersonalData(text).map((s) => [s.kind, text.slice(s.start, s.end)]);

describe('personal data', () => {
  it('finds phone numbers: Chinese mobiles, E.164 and national formats', () => {
    expect(kinds('加我微信 13812345678 聊')).toEqual([['phone', '13812345678']]);
    expect(kinds('call +1 415-555-2671 now')).toEqual([['phone', '+1 415-555-2671']]);
    expect(kinds('電話は090-1234-5678です')).toEqual([['phone', '090-1234-5678']]);
    expect(kinds('WA saya 0812-3456-7890 ya')).toEqual([['phone', '0812-3456-7890']]);
    expect(kinds('llámame al 612 345 678')).toEqual([['phone', '612 345 678']]);
    expect(kinds('+86 138 1234 5678')).toEqual([['phone', '+86 138 1234 5678']]);
  });

  it('finds e-mail addresses, Chinese IDs with their check digit, cards by Luhn, IBANs by MOD 97', () => {
    expect(kinds('write to ana.perez+shop@example.co.uk!')).toEqual([
      ['email', 'ana.perez+shop@example.co.uk'],
    ]);
    expect(kinds('身份证11010519491231002X')).toEqual([['cn_id', '11010519491231002X']]);
    expect(kinds('card 4111 1111 1111 1111 exp 12/29')).toEqual([['card', '4111 1111 1111 1111']]);
    expect(kinds('IBAN DE89 3704 0044 0532 0130 00 please')).toEqual([
      ['iban', 'DE89 3704 0044 0532 0130 00'],
    ]);
    expect(validCnId('11010519491231002X')).toBe(true);
    expect(validCnId('110105194912310021')).toBe(false);
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(validIban('GB82WEST12345698765432')).toBe(true);
    expect(validIban('GB82WEST12345698765433')).toBe(false);
  });

  it('finds clear street addresses in English, Chinese, Japanese, Indonesian and Spanish', () => {
    expect(kinds('ship it to 221 Baker Street tomorrow')).toEqual([['address', '221 Baker Street']]);
    expect(kinds('寄到上海市浦东新区世纪大道100号')).toEqual([['address', '上海市浦东新区世纪大道100号']]);
    expect(kinds('住所は港区六本木6丁目10番1号')).toEqual([['address', '港区六本木6丁目10番1号']]);
    expect(kinds('kirim ke Jl. Sudirman No. 5 Jakarta')).toEqual([['address', 'Jl. Sudirman No. 5']]);
    expect(kinds('envíalo a Calle Mayor 5')).toEqual([['address', 'Calle Mayor 5']]);
  });

  it('leaves prices, dates, times, order numbers and failed checksums alone', () => {
    for (const text of [
      '只要 ¥1299，今晚 8 点开抢',
      'best before 2025-06-01, 12:30 pickup',
      'order #20240601123456 shipped',
      'r1:1733512345678:hello', // a timestamp in ms
      'tracking 7731200450123 arrived',
      'tracking 4111111111111112',
      'size 38 39 40 41 42',
      '第一次买，最近很喜欢 3 件',
      '身份证110105194912310021',
      'I paid 199.99 for 2 pairs',
      'chapter 11 on page 223',
    ])
      expect(kinds(text), text).toEqual([]);
  });

  it('masks letters and digits only, keeping the rest of the comment as it was', () => {
    const { text, spans } = maskPersonalData('call 13812345678 or mail a@b.co, thanks 😊');
    expect(text).toBe('call ••••••••••• or mail •@•.••, thanks 😊');
    expect(spans.map((s) => s.kind)).toEqual(['phone', 'email']);
    expect(maskPersonalData('no personal data here').text).toBe('no personal data here');
  });

  it('redacts for a cloud model and puts the originals back into its answer', () => {
    const r = redactForCloud('我的电话是13812345678，邮箱 li@example.com');
    expect(r.text).toBe('我的电话是[PHONE1]，邮箱 [EMAIL2]');
    expect(r.restore('My phone is [PHONE1], e-mail [ EMAIL 2 ]')).toBe(
      'My phone is 13812345678, e-mail li@example.com',
    );
    expect(r.restore('no placeholders [X9]')).toBe('no placeholders [X9]');
  });
});
