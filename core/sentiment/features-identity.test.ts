// The shipped sentiment model (assets/models/sentiment) was trained on these exact features: any change to
// normalisation, script classes, lexicon matching or hashing must show up here (then bump FEATURE_VERSION
// and retrain), never slip through. Golden digests were written by the code the model was trained with:
// per group of 8 samples, a hash of the normalised code points, their script classes, the language, the bag rows (with
// their regions) and the lexicon rows. Samples: the repo's comment fixtures, the seed lexicon and examples,
// and a sweep over every BMP code point and a sample of the astral planes. When ../shared/data is there
// (or LIVEBRIDGE_DATA_DIR names it), a sample of its comments is checked too.
// Rewrite the golden file only together with a retrained model: UPDATE_FEATURE_GOLDEN=1.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLanguageNormalized } from './detect-language';
import { FEATURE_VERSION, FeatureExtractor, FeatureLayout } from './features';
import { SEED_LEXICON } from './seed-lexicon';
import { NormalizedText, normalizeInto } from './text';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GOLDEN = path.join(ROOT, 'tests/fixtures/sentiment/features-v1-golden.json');
const SHARED = process.env.LIVEBRIDGE_DATA_DIR ?? path.resolve(ROOT, '../shared/data');

// Every region non-empty, so the features of every script are hashed (the shipped model has no CJK rows).
const layout = new FeatureLayout({
  symbol: 4096,
  latin: 262144,
  arabic: 32768,
  indic: 16384,
  hangul: 32768,
  cjk: 65536,
  sea: 8192,
  other: 8192,
});
const extractor = new FeatureExtractor(layout);
const scratch = new NormalizedText();

/** One hash over a group of samples (GROUP of them: the golden file stays small). */
function digest(texts: readonly string[]): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => (h = Math.imul(h ^ (x | 0), 0x01000193));
  for (const text of texts) hashInto(text, mix);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function hashInto(text: string, mix: (x: number) => void): void {
  const t = normalizeInto(text, scratch);
  mix(t.length);
  for (let i = 0; i < t.length; i++) {
    mix(t.cp[i]!);
    mix(t.cls[i]!);
  }
  for (const c of detectLanguageNormalized(t, text)) mix(c.charCodeAt(0));
  extractor.extract(t);
  mix(extractor.bagCount);
  for (let i = 0; i < extractor.bagCount; i++) {
    mix(extractor.bag[i]!);
    mix(extractor.bagRegion[i]!);
  }
  mix(extractor.lexCount);
  for (let i = 0; i < extractor.lexCount; i++) {
    mix(extractor.lex[i]!);
    mix(extractor.lexShared[i]!);
  }
}

const GROUP = 8;
const groups = (texts: readonly string[]): string[][] => {
  const out: string[][] = [];
  for (let i = 0; i < texts.length; i += GROUP) out.push(texts.slice(i, i + GROUP));
  return out;
};
const digestAll = (texts: readonly string[]): string => groups(texts).map(digest).join('');

function fixtureSamples(): Record<string, string[]> {
  const danmaku = readFileSync(path.join(ROOT, 'tests/fixtures/danmaku/bilibili-slice.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const nsmc = readFileSync(path.join(ROOT, 'tests/fixtures/sentiment/ko_nsmc/nsmc_1200.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t')[1] ?? '');
  const seedExamples = readFileSync(path.join(ROOT, 'scripts/data/sentiment-seed-examples.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t')[1] ?? '');
  const lexicon: string[] = [];
  for (const kinds of Object.values(SEED_LEXICON))
    for (const list of Object.values(kinds) as string[])
      for (const e of list.split('|')) lexicon.push(e, `not ${e}!!`, `不${e}`, `${e}${e}ㅋㅋ 😍😍`);
  // Every BMP code point (but U+FFFE, which the trained code threw on), 32 at a time, written together and apart; astral planes every 97th.
  const sweep: string[] = [];
  for (let base = 0; base < 0x10000; base += 32) {
    const cps: number[] = [];
    for (let c = base; c < base + 32; c++) if ((c < 0xd800 || c > 0xdfff) && c !== 0xfffe) cps.push(c);
    if (cps.length === 0) continue;
    sweep.push(String.fromCodePoint(...cps), cps.map((c) => `${String.fromCodePoint(c)}a `).join(''));
  }
  for (let base = 0x10000; base < 0x110000; base += 97 * 32) {
    const cps: number[] = [];
    for (let k = 0; k < 32 && base + k * 97 < 0x110000; k++) cps.push(base + k * 97);
    sweep.push(String.fromCodePoint(...cps), cps.map((c) => `${String.fromCodePoint(c)} x`).join(''));
  }
  return { danmaku, nsmc, seedExamples, lexicon, sweep };
}

/** Up to `max` comments of each shared data set, the same ones on every machine (the first lines). */
function sharedSamples(max = 400): Record<string, string[]> | null {
  if (!existsSync(SHARED)) return null;
  const lines = (file: string) =>
    existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(0, max) : [];
  const out: Record<string, string[]> = {};
  const xlmt = path.join(SHARED, 'sentiment/xlmt');
  if (existsSync(xlmt))
    for (const lang of readdirSync(xlmt).sort())
      if (existsSync(path.join(xlmt, lang, 'val_text.txt')))
        out[`xlmt/${lang}`] = lines(path.join(xlmt, lang, 'val_text.txt'));
  out.tweeteval = lines(path.join(SHARED, 'sentiment/en_tweeteval/val_text.txt'));
  out.chnsenticorp = lines(path.join(SHARED, 'sentiment/zh_chnsenticorp/waimai_10k.csv'));
  out.twitch = lines(path.join(SHARED, 'sentiment/es_twitch/CorpusTwitchVideogames.tsv'));
  out.danmaku = lines(path.join(SHARED, 'danmaku/bilibili_vod.jsonl'))
    .slice(0, max)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  for (const k of Object.keys(out)) if (out[k]!.length === 0) delete out[k];
  return out;
}

interface Golden {
  featureVersion: number;
  fixtures: Record<string, string>;
  shared?: Record<string, string>;
}

const digests = (sets: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(sets).map(([k, texts]) => [k, digestAll(texts)]));

function firstDifference(texts: string[], want: string, got: string): string {
  const g = groups(texts);
  for (let i = 0; i < g.length; i++)
    if (want.slice(i * 8, i * 8 + 8) !== got.slice(i * 8, i * 8 + 8))
      return `one of samples ${i * GROUP}..${i * GROUP + g[i]!.length - 1}: ${JSON.stringify(g[i])}`;
  return `${g.length} groups of samples, the golden file has ${want.length / 8}`;
}

describe('sentiment features stay those the shipped model was trained on', () => {
  const fixtures = fixtureSamples();
  const shared = sharedSamples();
  if (!shared)
    console.log(
      `[feature identity] the ../shared/data sample skipped: ${SHARED} not found (LIVEBRIDGE_DATA_DIR)`,
    );

  if (process.env.UPDATE_FEATURE_GOLDEN === '1') {
    const golden: Golden = { featureVersion: FEATURE_VERSION, fixtures: digests(fixtures) };
    if (shared) golden.shared = digests(shared);
    writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 2)}\n`); // as prettier writes it
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
  if (shared && !golden.shared)
    console.log('[feature identity] the ../shared/data sample skipped: the golden file has no digests of it');

  it('feature version', () => expect(FEATURE_VERSION).toBe(golden.featureVersion));

  it.each(Object.keys(fixtures))('fixtures: %s', (name) => {
    const texts = fixtures[name]!;
    const got = digestAll(texts);
    const want = golden.fixtures[name]!;
    expect(got === want, firstDifference(texts, want, got)).toBe(true);
  });

  it.skipIf(!shared || !golden.shared)('../shared/data comments', () => {
    for (const [name, texts] of Object.entries(shared!)) {
      const want = golden.shared![name];
      if (want === undefined) continue;
      const got = digestAll(texts);
      expect(got === want, `${name}: ${firstDifference(texts, want, got)}`).toBe(true);
    }
  });
});
