// `npm run bench -- captions [--models DIR]`: the live captions pipeline as the studio runs it — the
// captions worker (Silero VAD, Whisper, Marian, glossary) fed real speech in real time, 100 ms chunks —
// with 1, 3 and 5 target languages. Prints the recognizer's real-time factor, speech start to first
// partial caption, and end of speech to final caption (the last language's) p50/p95.
//
// Without --models it builds shape-true random-weight models (Whisper base, Opus-MT size) at run time:
// the words are nonsense, the compute cost is real. With real weights in DIR (folders named like the
// model catalog: whisper-base, opus-mt-en-es, ...) it also prints WER on ../shared/data/speech and chrF on
// ../shared/data/mt/flores200_dev500.tsv.
//
// BENCH_CLIPS (default 6 utterances per run), BENCH_TARGETS (default 1,3,5), BENCH_ASR (tiny|base|small,
// default base) and, for random weights, BENCH_MT (opus-mt, the default, or test: a tiny Marian) narrow or
// widen a run.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Caption, CaptionLanguage } from '../../core/protocol/captions';
import { CaptionsWorkerClient } from '../../main/captions/captions-worker-client';
import { MarianTranslator } from '../../main/captions/local/marian-translator';
import { WhisperRecognizer } from '../../main/captions/local/whisper-recognizer';
import { pairKey, type MarianPair, type WorkerStartConfig } from '../../main/captions/worker-protocol';
import { chooseTranslationChain } from '../../main/models/model-catalog';
import { buildMarianModel, buildWhisperModel, type MarianPreset } from '../support/random-models';
import {
  FIXTURE_SPEECH_DIR,
  listClips,
  loadClip16k,
  SHARED_SPEECH_DIR,
  speechBounds,
  type SpeechClip,
} from '../support/speech-clips';

const log = (s: string) => process.stderr.write(`${s}\n`);
const SR = 16_000;
const CHUNK = 1600;
const TARGET_ORDER: CaptionLanguage[] = ['es', 'zh-CN', 'ja', 'ko', 'de'];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const modelsDir = arg('--models') ?? process.env.BENCH_MODELS;
const asrSize = (process.env.BENCH_ASR ?? 'base') as 'tiny' | 'base' | 'small';
const clipCount = Number(process.env.BENCH_CLIPS ?? 6);
const targetCounts = (process.env.BENCH_TARGETS ?? '1,3,5').split(',').map(Number);
const mtPreset: MarianPreset = process.env.BENCH_MT === 'test' ? 'test' : 'opus-mt';
/** The weights the random models get: int8 like the hub's *_quantized.onnx files (the default), or fp32. */
const precision = process.env.BENCH_PRECISION === 'fp32' ? 'fp32' : 'int8';

const pct = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const median = (v: number[]) => pct(v, 50);

function englishClips(): SpeechClip[] {
  const shared = listClips(SHARED_SPEECH_DIR).filter((c) => c.lang === 'en');
  return shared.length > 0 ? shared : listClips(FIXTURE_SPEECH_DIR).filter((c) => c.lang === 'en');
}

interface Models {
  whisperDir: string;
  pairs: Record<string, MarianPair>;
  real: boolean;
  cleanup(): void;
}

async function prepareModels(): Promise<Models> {
  if (modelsDir) {
    const whisperDir = path.join(modelsDir, `whisper-${asrSize}`);
    if (!existsSync(path.join(whisperDir, 'config.json'))) {
      throw new Error(`--models ${modelsDir}: whisper-${asrSize}/config.json not found`);
    }
    const pairs: Record<string, MarianPair> = {};
    for (const to of TARGET_ORDER) {
      for (const m of chooseTranslationChain('en', to) ?? []) {
        const dir = path.join(modelsDir, m.id);
        if (existsSync(path.join(dir, 'config.json'))) {
          pairs[pairKey(m.from, m.to)] = { dir, targetToken: m.targetPrefix };
        }
      }
    }
    return { whisperDir, pairs, real: true, cleanup: () => undefined };
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'captions-bench-'));
  const t0 = performance.now();
  // As the hub's exports are: int8 files (unless fp32 is asked), merged decoders that answer cached steps
  // with empty encoder presents.
  const options = {
    quantized: precision === 'int8' ? ('only' as const) : false,
    cachedEncoderPresent: 'empty' as const,
  };
  const whisper = await buildWhisperModel(path.join(tmp, `whisper-${asrSize}`), asrSize, options);
  const marian = await buildMarianModel(path.join(tmp, 'opus-mt'), mtPreset, options);
  log(
    `built random-weight whisper-${asrSize} and ${mtPreset === 'opus-mt' ? 'opus-mt' : 'tiny Marian'} models in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  // One random Marian of the real size stands in for every pair: the cost per pair is the same.
  const pairs: Record<string, MarianPair> = {};
  for (const to of TARGET_ORDER) pairs[pairKey('en', to)] = { dir: marian.dir };
  return {
    whisperDir: whisper.dir,
    pairs,
    real: false,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

interface RunResult {
  targets: number;
  firstPartialMs: number[];
  finalMs: number[];
  rtf: number | null;
  utterances: number;
  captions: number;
}

async function streamRun(
  models: Models,
  clips: Float32Array[],
  targets: CaptionLanguage[],
): Promise<RunResult> {
  const received: { caption: Caption; wall: number }[] = [];
  let rtf: number | null = null;
  const worker = new CaptionsWorkerClient({
    caption: (caption) => received.push({ caption, wall: Date.now() }),
    stats: (stats) => {
      rtf = stats.rtf;
    },
    error: (message, context) => log(`  worker ${context}: ${message}`),
    exit: () => undefined,
  });
  const config: WorkerStartConfig = {
    sourceLang: 'en',
    targets,
    recognizer: { kind: 'whisper', dir: models.whisperDir },
    translator: { kind: 'marian', pairs: models.pairs },
  };
  await worker.start(config);
  // Warm up: load every translator and run each graph once, so the first utterance is not a cold start.
  await worker.translate(targets[0] ?? 'es', [{ id: 'w', text: 'warm up', lang: 'en' }]);
  for (const t of targets.slice(1)) await worker.translate(t, [{ id: 'w', text: 'warm up', lang: 'en' }]);

  // The stream: 1 s silence, clip, 1.5 s silence, ... with the true speech bounds of each clip.
  const parts: Float32Array[] = [];
  const truth: { start: number; end: number }[] = [];
  let cursor = 0;
  for (const clip of clips) {
    const lead = new Float32Array(SR);
    parts.push(lead, clip, new Float32Array(Math.round(SR * 1.5)));
    const b = speechBounds(clip);
    truth.push({ start: cursor + SR + b.start, end: cursor + SR + b.end });
    cursor += SR + clip.length + Math.round(SR * 1.5);
  }
  const stream = new Float32Array(cursor);
  let o = 0;
  for (const p of parts) {
    stream.set(p, o);
    o += p.length;
  }
  const pushWall: number[] = [];
  const t0 = Date.now();
  for (let i = 0; i * CHUNK < stream.length; i++) {
    const due = t0 + ((i + 1) * CHUNK * 1000) / SR;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const chunk = stream.slice(i * CHUNK, (i + 1) * CHUNK);
    const wall = Date.now();
    pushWall.push(wall);
    worker.push(chunk, wall);
  }
  await worker.flush();
  await worker.close();
  const wallOf = (sample: number) => {
    const chunkIndex = Math.min(pushWall.length - 1, Math.floor(sample / CHUNK));
    const chunkEnd = (chunkIndex + 1) * CHUNK;
    return pushWall[chunkIndex]! - ((chunkEnd - sample) * 1000) / SR;
  };

  const firstPartialMs: number[] = [];
  const finalMs: number[] = [];
  const langs = new Set<string>(['en', ...targets]);
  for (const t of truth) {
    const startMs = (t.start * 1000) / SR;
    const endMs = (t.end * 1000) / SR;
    const mine = received.filter((r) => r.caption.endMs > startMs - 300 && r.caption.startMs < endMs + 300);
    const first = mine.find((r) => r.caption.source);
    if (first) firstPartialMs.push(first.wall - wallOf(t.start));
    // The utterance that ends nearest the true end of speech; its last final caption in any language.
    const finals = mine.filter((r) => r.caption.final);
    if (finals.length === 0) continue;
    const lastId = finals.reduce((a, b) =>
      Math.abs(a.caption.endMs - endMs) <= Math.abs(b.caption.endMs - endMs) ? a : b,
    ).caption.id;
    const ofUtt = finals.filter((r) => r.caption.id === lastId);
    if (new Set(ofUtt.map((r) => r.caption.lang)).size < langs.size) continue;
    finalMs.push(Math.max(...ofUtt.map((r) => r.wall)) - wallOf(t.end));
  }
  return {
    targets: targets.length,
    firstPartialMs,
    finalMs,
    rtf,
    utterances: truth.length,
    captions: received.length,
  };
}

// ---- accuracy with real weights ----

function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

function editDistance<T>(a: T[], b: T[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** chrF (character n-grams up to 6, beta 2), corpus level, as sacreBLEU computes it by default. */
function chrF(hyps: string[], refs: string[]): number {
  const N = 6;
  const match = new Array<number>(N).fill(0);
  const hypCount = new Array<number>(N).fill(0);
  const refCount = new Array<number>(N).fill(0);
  const grams = (s: string, n: number) => {
    const chars = [...s.replace(/\s+/g, '')];
    const m = new Map<string, number>();
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('');
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  hyps.forEach((h, k) => {
    for (let n = 1; n <= N; n++) {
      const hg = grams(h, n);
      const rg = grams(refs[k]!, n);
      for (const [g, c] of hg) match[n - 1]! += Math.min(c, rg.get(g) ?? 0);
      for (const c of hg.values()) hypCount[n - 1]! += c;
      for (const c of rg.values()) refCount[n - 1]! += c;
    }
  });
  let p = 0;
  let r = 0;
  for (let n = 0; n < N; n++) {
    p += hypCount[n]! > 0 ? match[n]! / hypCount[n]! : 0;
    r += refCount[n]! > 0 ? match[n]! / refCount[n]! : 0;
  }
  p /= N;
  r /= N;
  const beta2 = 4;
  return p + r === 0 ? 0 : (100 * (1 + beta2) * p * r) / (beta2 * p + r);
}

async function accuracy(models: Models): Promise<{ wer: number; chrf: number | null; chrfPairs: string[] }> {
  const clips = englishClips();
  const recognizer = await WhisperRecognizer.load(models.whisperDir);
  let errors = 0;
  let words = 0;
  for (const clip of clips) {
    const r = await recognizer.transcribe(loadClip16k(clip.file), { lang: 'en', final: true });
    const ref = normalizeWords(clip.transcript);
    errors += editDistance(normalizeWords(r.text), ref);
    words += ref.length;
  }
  await recognizer.close();
  const flores = path.resolve(SHARED_SPEECH_DIR, '../mt/flores200_dev500.tsv');
  const columns: Partial<Record<CaptionLanguage, string>> = {
    es: 'spa_Latn',
    'zh-CN': 'zho_Hans',
    ja: 'jpn_Jpan',
    ko: 'kor_Hang',
    id: 'ind_Latn',
    pt: 'por_Latn',
    ar: 'arb_Arab',
  };
  const scores: number[] = [];
  const chrfPairs: string[] = [];
  if (existsSync(flores)) {
    const lines = readFileSync(flores, 'utf8').trim().split('\n');
    const header = lines[0]!.split('\t');
    const rows = lines.slice(1, 101).map((l) => l.split('\t'));
    for (const [lang, col] of Object.entries(columns) as [CaptionLanguage, string][]) {
      const pair = models.pairs[pairKey('en', lang)];
      if (!pair) continue;
      const t = await MarianTranslator.load(pair.dir, {
        from: 'en',
        to: lang,
        targetToken: pair.targetToken,
      });
      const src = rows.map((r) => r[header.indexOf('eng_Latn')]!);
      const refs = rows.map((r) => r[header.indexOf(col)]!);
      const hyps = await t.translate(src, { from: 'en', to: lang });
      await t.close();
      const score = chrF(hyps, refs);
      scores.push(score);
      chrfPairs.push(`en-${lang} ${score.toFixed(1)}`);
    }
  }
  return {
    wer: words > 0 ? errors / words : NaN,
    chrf: scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    chrfPairs,
  };
}

// ---- main ----

const models = await prepareModels();
try {
  const available = englishClips();
  if (available.length === 0)
    throw new Error('no speech clips found (../shared/data/speech or tests/fixtures/speech)');
  const chosen = Array.from({ length: clipCount }, (_, i) => available[i % available.length]!);
  const audio = chosen.map((c) => loadClip16k(c.file));
  const seconds = audio.reduce((s, a) => s + a.length / SR, 0);
  log(
    `captions bench: ${os.availableParallelism()} cores, whisper-${asrSize} (${models.real ? 'real weights' : `random ${precision} weights, ${mtPreset === 'opus-mt' ? 'real shapes' : 'a tiny Marian'}`}), ` +
      `${chosen.length} utterances (${seconds.toFixed(1)} s of speech) per run, streamed in real time`,
  );
  const results: RunResult[] = [];
  for (const n of targetCounts) {
    const targets = TARGET_ORDER.slice(0, n).filter((t) => models.pairs[pairKey('en', t)]);
    log(`run: ${targets.length} target language(s) ${targets.join(', ')}`);
    results.push(await streamRun(models, audio, targets));
  }
  const rows = results.map((r) => ({
    targets: r.targets,
    rtf: r.rtf,
    first: median(r.firstPartialMs),
    p50: pct(r.finalMs, 50),
    p95: pct(r.finalMs, 95),
    finals: `${r.finalMs.length}/${r.utterances}`,
  }));
  const fmt = (v: number | null) => (v === null || Number.isNaN(v) ? '-' : Math.round(v).toString());
  process.stdout.write(
    `\ncaptions pipeline, ${os.availableParallelism()} cores, whisper-${asrSize}` +
      `${process.env.BENCH_SMOKE ? ` (smoke sizes: ${clipCount} utterances per run)` : ''}\n`,
  );
  process.stdout.write(
    'targets  rtf    first partial ms (p50)  final p50 ms  final p95 ms  utterances captioned\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `${String(r.targets).padEnd(8)} ${(r.rtf?.toFixed(3) ?? '-').padEnd(6)} ${fmt(r.first).padStart(22)}  ${fmt(r.p50).padStart(12)}  ${fmt(r.p95).padStart(12)}  ${r.finals.padStart(20)}\n`,
    );
  }
  process.stdout.write(
    'targets (issue #6): first partial <= 500 ms, final p50 <= 1000 ms, p95 <= 1600 ms at 3 targets\n',
  );
  const three = rows.find((r) => r.targets === 3) ?? rows[rows.length - 1]!;
  const json: Record<string, unknown> = {
    rtf: three.rtf === null ? null : Number(three.rtf.toFixed(3)),
    first_partial_ms: Math.round(three.first),
    final_p50_ms: Math.round(three.p50),
    final_p95_ms: Math.round(three.p95),
    by_targets: Object.fromEntries(
      rows.map((r) => [r.targets, { p50: Math.round(r.p50), p95: Math.round(r.p95) }]),
    ),
    asr: `whisper-${asrSize}`,
    weights: models.real ? 'real' : `random-${precision}${mtPreset === 'opus-mt' ? '' : '-tiny-mt'}`,
    cores: os.availableParallelism(),
  };
  if (models.real) {
    const acc = await accuracy(models);
    process.stdout.write(`WER on ${englishClips().length} English clips: ${(acc.wer * 100).toFixed(1)}%\n`);
    if (acc.chrf !== null)
      process.stdout.write(`chrF on FLORES-200 dev (100 sentences): ${acc.chrfPairs.join(', ')}\n`);
    json.wer = Number(acc.wer.toFixed(4));
    json.chrf = acc.chrf === null ? null : Number(acc.chrf.toFixed(2));
  }
  process.stdout.write(`${JSON.stringify(json)}\n`);
} finally {
  models.cleanup();
}
