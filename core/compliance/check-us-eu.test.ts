// United States (en, es) and the EU (en, es, de, fr): puffery is no violation, FDA approval and cures
// are, dodges spelled out letter by letter are caught, and the EU's blacklisted false urgency fires
// where it is blacklisted and nowhere else.
import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../server/compliance/pack-files';
import { checkLine } from './languages';

const { packs } = loadPacks();
const categories = (text: string, market: string) => [
  ...new Set(checkLine(text, market, packs).map((f) => f.category)),
];

const SHARED_POSITIVES: [string, string][] = [
  ['This moisturizer is FDA approved', 'fake_authority'],
  ["it's F D A approved, you can trust it", 'fake_authority'],
  ['totally F.D.A. approved formula', 'fake_authority'],
  ['this cream cures acne', 'medical_claim'],
  ['my eczema was gone in 3 days after using this', 'medical_claim'],
  ['guaranteed to lose 10 kg', 'guaranteed_result'],
  ["you'll earn $5000 a month selling this", 'earnings_claim'],
  ["the brand paid me but I'd buy it anyway", 'undisclosed_endorsement'],
  ["brand X is garbage, don't buy it", 'disparagement'],
  ['esta crema cura el acné', 'medical_claim'],
  ['mi eccema desapareció en una semana', 'medical_claim'],
  ['pierde 5 kilos en una semana', 'guaranteed_result'],
];
const SHARED_NEGATIVES = [
  'my favourite blush ever',
  "this is the best lipstick I've ever owned",
  'best before June, check the label',
  "tonight's top question is shipping",
  'this is not a medicine, talk to your doctor about acne',
  "it won't cure anything, it just feels nice",
  '#ad the brand paid me for this stream',
  'I paid for this myself',
  'We have to do our best.',
  'The things that I put in the trash can aren’t useful anymore.',
  '¿Hay manera de ganar dinero sin tener que trabajar?',
  'es mi rubor favorito',
];

describe.each(['US', 'EU'])('compliance checker, %s', (market) => {
  it.each(SHARED_POSITIVES)('flags %s as %s', (text, category) => {
    expect(categories(text, market)).toContain(category);
  });
  it.each(SHARED_NEGATIVES)('leaves %s alone', (text) => {
    expect(checkLine(text, market, packs)).toEqual([]);
  });
});

describe('compliance checker, US specifics', () => {
  it('gives the FTC citation and the exact words for an FDA claim spelled out', () => {
    const text = 'this cream is F.D.A. approved';
    const [f] = checkLine(text, 'US', packs);
    expect(f).toMatchObject({ category: 'fake_authority', text: 'F.D.A. approved', severity: 2 });
    expect(f!.citation).toMatch(/FTC Act §5/);
  });

  it('does not flag scarcity as false urgency in the US, where it is not blacklisted', () => {
    expect(checkLine('only 2 left, price goes up in 5 minutes', 'US', packs)).toEqual([]);
  });
});

describe('compliance checker, EU false urgency', () => {
  it.each([
    ['only 2 left, price goes up in 5 minutes', 'price goes up in 5'],
    ['last chance, the offer ends in 10 minutes', 'last chance'],
    ['nur noch 3 Stück, der Preis steigt in 5 Minuten', 'nur noch 3 Stück'],
    ['il ne reste que 2 pièces, dernière chance', 'il ne reste que 2 pièces'],
    ['solo quedan 3, el precio sube en 10 minutos', 'solo quedan 3'],
  ])('flags %s', (text, span) => {
    const found = checkLine(text, 'EU', packs);
    expect(found.map((f) => f.category)).toContain('false_urgency');
    expect(found.map((f) => f.text)).toContain(span);
    expect(found[0]!.citation).toMatch(/UCPD .*Annex I No\. 7/);
  });

  it.each([
    'how many are left?',
    'only 2 left in size M, want me to check?',
    'the live price holds until Sunday midnight',
    'They left one after another.',
    'Me bajaré en la última estación.',
    'der Versand dauert drei Tage',
    'le prix est de vingt euros',
  ])('leaves %s alone', (text) => {
    expect(checkLine(text, 'EU', packs)).toEqual([]);
  });

  it('reads cures in German and French', () => {
    expect(categories('diese Creme heilt Neurodermitis', 'EU')).toEqual(['medical_claim']);
    expect(categories("cette crème guérit l'acné", 'EU')).toEqual(['medical_claim']);
    expect(categories("cette crème ne guérit pas l'acné", 'EU')).toEqual([]);
  });
});

describe('compliance checker, text as typed', () => {
  it('reads full-width letters as the Latin they fold to', () => {
    expect(checkLine('ＦＤＡ　ＡＰＰＲＯＶＥＤ', 'US', packs)).toMatchObject([
      { category: 'fake_authority', text: 'ＦＤＡ　ＡＰＰＲＯＶＥＤ' },
    ]);
  });
});
