// Indonesia (id, en), Japan (ja, en) and the Gulf (ar, en): each market's own claims in its own
// language, hard negatives from everyday speech, and the Gulf's cultural cautions at severity 1.
import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../server/compliance/pack-files';
import { checkLine } from './languages';

const { packs } = loadPacks();
const categories = (text: string, market: string) => [
  ...new Set(checkLine(text, market, packs).map((f) => f.category)),
];

describe.each<[string, [string, string][], string[]]>([
  [
    'ID',
    [
      ['krim ini menyembuhkan jerawat dalam seminggu', 'medical_claim'],
      ['jerawat saya hilang dalam 3 hari setelah pakai ini', 'medical_claim'],
      ['serum paling ampuh se-Indonesia', 'absolute_term'],
      ['dijamin langsing dalam seminggu', 'guaranteed_result'],
      ['gabung reseller, penghasilan 10 juta per bulan', 'earnings_claim'],
      ['lipstik ini mengandung gelatin babi', 'cultural_sensitivity'],
      ['this serum cures acne', 'medical_claim'],
    ],
    [
      'warna mana yang paling kamu suka?',
      'ini bukan obat, kalau jerawat parah konsultasikan dengan dokter',
      'produk ini halal dan bebas alkohol',
      'Kita harus selalu melakukan yang terbaik.',
      'Penyakitnya belum sembuh.',
      'best before June',
    ],
  ],
  [
    'JP',
    [
      ['この美容液でアトピーが治ります', 'medical_claim'],
      ['使ったら3日でニキビが消えた', 'medical_claim'],
      ['日本一売れている美容液', 'absolute_term'],
      ['必ず痩せるサプリです', 'guaranteed_result'],
      ['医師も推薦しているクリーム', 'fake_authority'],
      ['FDA承認の化粧品です', 'fake_authority'],
      ['厚労省承認、医師推薦', 'fake_authority'],
      ['誰でも稼げる副業、月収50万も可能', 'earnings_claim'],
      ['guaranteed to lose 5 kg in a month', 'guaranteed_result'],
    ],
    [
      '最近買った中でお気に入りです',
      '最後にもう一度色を見せますね',
      '最初は少量から使ってください',
      'どの色が一番人気ですか？',
      '医薬品ではありませんので、肌に合わない場合は医師にご相談ください',
      '頭痛が消えた。',
      'お前は最高の弟だよ。',
      'my favourite blush ever',
    ],
  ],
  [
    'GULF',
    [
      ['today we have a great red wine gift set', 'prohibited_product_mention'],
      ['عندنا اليوم أفضل نبيذ فرنسي', 'prohibited_product_mention'],
      ['this lipstick contains pork gelatin', 'cultural_sensitivity'],
      ['الكريم يحتوي على كحول', 'cultural_sensitivity'],
      ['this dress is so sexy and revealing', 'cultural_sensitivity'],
      ['هذا الكريم يعالج حب الشباب', 'medical_claim'],
      ['اختفت الأكزيما بعد ثلاثة أيام من استخدامه', 'medical_claim'],
      ['نتائج مضمونة 100%', 'guaranteed_result'],
      ['اربحي 5000 ريال شهريا', 'earnings_claim'],
    ],
    [
      'this moisturizer is alcohol-free and halal certified',
      'الكريم خالي من الكحول',
      'التوصيل مجاني إلى الرياض',
      'this abaya is elegant and flowing',
      'this lipstick in wine red',
      'champagne gold highlighter, very soft',
      'لقد قال إن الوضع "مثير للقلق".',
      'best before June',
    ],
  ],
])('compliance checker, %s', (market, positives, negatives) => {
  it.each(positives)('flags %s as %s', (text, category) => {
    expect(categories(text, market)).toContain(category);
  });
  it.each(negatives)('leaves %s alone', (text) => {
    expect(checkLine(text, market, packs)).toEqual([]);
  });
});

describe('compliance checker, severities', () => {
  it('a cultural caution is a notice (1), a cure claim a warning (2)', () => {
    const [caution] = checkLine('this lipstick contains pork gelatin', 'GULF', packs);
    expect(caution).toMatchObject({ severity: 1, text: 'pork gelatin' });
    const [cure] = checkLine('هذا الكريم يعالج حب الشباب', 'GULF', packs);
    expect(cure).toMatchObject({ severity: 2, text: 'يعالج' });
  });
});
