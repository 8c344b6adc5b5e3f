import { describe, expect, it } from 'vitest';
import { ASR_MODELS, CAPTION_LANGUAGES } from '../../core/protocol/captions';
import { isSafeRepoPath } from './hub-manifest';
import { HUB_PINS } from './hub-pins';
import {
  chooseTranslationChain,
  commitSha,
  findModel,
  formatApproxSize,
  localTranslationPairs,
  MODEL_CATALOG,
  modelFiles,
} from './model-catalog';
import { checkEntryPin } from './model-pins';

const ids = (chain: ReturnType<typeof chooseTranslationChain>) => chain?.map((m) => m.id) ?? null;

describe('model catalog', () => {
  it('has unique ids and repos, safe file paths, and every ASR model the settings offer', () => {
    expect(new Set(MODEL_CATALOG.map((m) => m.id)).size).toBe(MODEL_CATALOG.length);
    const repos = MODEL_CATALOG.flatMap((m) => (m.source === 'hub' ? [m.repo] : []));
    expect(new Set(repos).size).toBe(repos.length);
    for (const entry of MODEL_CATALOG) {
      for (const file of [...modelFiles(entry, 'fp32'), ...modelFiles(entry, 'quantized')]) {
        expect(isSafeRepoPath(file)).toBe(true);
      }
    }
    for (const id of ASR_MODELS) expect(findModel(id)?.kind).toBe('asr');
    expect(findModel('whisper-base')).toMatchObject({
      repo: 'onnx-community/whisper-base',
      revision: '1846881b6b3a3024392c1eea3ad983695bc23925',
    });
    expect(modelFiles(findModel('whisper-base')!)).toContain('preprocessor_config.json');
    expect(modelFiles(findModel('opus-mt-en-es')!)).not.toContain('preprocessor_config.json');
  });

  it('takes every hub model from a 40-hex commit, never a branch, or leaves it to be pinned on first use', () => {
    const hub = MODEL_CATALOG.flatMap((m) => (m.source === 'hub' ? [m] : []));
    for (const entry of hub) {
      expect(entry.revision === null || /^[0-9a-f]{40}$/.test(entry.revision), entry.id).toBe(true);
      expect(() => checkEntryPin(entry)).not.toThrow();
      const files = new Set([...modelFiles(entry, 'fp32'), ...modelFiles(entry, 'quantized')]);
      for (const [file, hash] of Object.entries(entry.sha256)) {
        expect(files.has(file), `${entry.id}: ${file}`).toBe(true);
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    // The ones no commit was found for: a new entry must either get a sourced commit or be listed here.
    expect(hub.filter((m) => m.revision === null).map((m) => m.id)).toEqual(['opus-mt-en-jap']);
    expect(Object.keys(HUB_PINS).every((repo) => hub.some((m) => m.repo === repo))).toBe(true);
    // Every Whisper weight file the catalog downloads is pinned by hash, except whisper-tiny's fp32 decoder.
    for (const size of ['tiny', 'base', 'small']) {
      const entry = findModel(`whisper-${size}`)!;
      const files = [...modelFiles(entry, 'fp32'), ...modelFiles(entry, 'quantized')];
      const missing = files.filter((file) => !(entry.source === 'hub' && entry.sha256[file]));
      expect(missing).toEqual(size === 'tiny' ? ['onnx/decoder_model_merged.onnx'] : []);
    }
  });

  it('rejects a branch or tag as a commit', () => {
    expect(() => commitSha('main')).toThrow(/40-hex/);
    expect(() => commitSha('v1.0')).toThrow(/40-hex/);
    expect(() => commitSha('A'.repeat(40))).toThrow(/40-hex/);
    expect(commitSha('0123456789abcdef0123456789abcdef01234567')).toHaveLength(40);
  });

  it('names the _quantized weights for the quantized variant and leaves the other files alone', () => {
    const entry = findModel('opus-mt-zh-en')!;
    expect(modelFiles(entry, 'quantized')).toEqual([
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/encoder_model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ]);
  });

  it('rounds sizes to two figures, for the "about N MB" message', () => {
    expect(formatApproxSize(294_000_000)).toBe('290 MB');
    expect(formatApproxSize(44_000_000)).toBe('44 MB');
    expect(formatApproxSize(971_000_000)).toBe('970 MB');
    expect(formatApproxSize(1_530_000_000)).toBe('1.5 GB');
    expect(formatApproxSize(2_000)).toBe('1 MB');
  });
});

describe('chooseTranslationChain', () => {
  it('needs no model for the same language', () => {
    expect(chooseTranslationChain('es', 'es')).toEqual([]);
  });

  it('uses a direct pair when the catalog has one', () => {
    expect(ids(chooseTranslationChain('zh-CN', 'en'))).toEqual(['opus-mt-zh-en']);
    expect(ids(chooseTranslationChain('en', 'zh-CN'))).toEqual(['opus-mt-en-zh']);
    expect(ids(chooseTranslationChain('es', 'fr'))).toEqual(['opus-mt-es-fr']);
    expect(ids(chooseTranslationChain('en', 'pt'))).toEqual(['opus-mt-en-romance']);
    expect(chooseTranslationChain('en', 'pt')?.[0]?.targetPrefix).toBe('>>pt<<');
  });

  it('pivots through English where no direct pair exists', () => {
    expect(ids(chooseTranslationChain('zh-CN', 'es'))).toEqual(['opus-mt-zh-en', 'opus-mt-en-es']);
    expect(ids(chooseTranslationChain('ja', 'id'))).toEqual(['opus-mt-ja-en', 'opus-mt-en-id']);
    expect(ids(chooseTranslationChain('ko', 'ar'))).toEqual(['opus-mt-ko-en', 'opus-mt-en-ar']);
  });

  it('returns null when there is no local route (nothing translates into Korean)', () => {
    expect(chooseTranslationChain('en', 'ko')).toBeNull();
    expect(chooseTranslationChain('zh-CN', 'ko')).toBeNull();
  });

  it('covers every caption language pair except those into Korean', () => {
    const pairs = localTranslationPairs();
    const all = CAPTION_LANGUAGES.length * (CAPTION_LANGUAGES.length - 1);
    const intoKorean = CAPTION_LANGUAGES.length - 1;
    expect(pairs).toHaveLength(all - intoKorean);
    expect(pairs.every((p) => p.to !== 'ko' && p.hops >= 1 && p.hops <= 2)).toBe(true);
  });
});
