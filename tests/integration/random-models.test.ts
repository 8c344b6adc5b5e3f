// The random-weight Whisper and Marian builders: the files and ONNX I/O of the Hugging Face exports, a
// patched encoder on short audio, KV-cache decoding that matches a full pass, Marian's padding mask, and
// tokenizers that @huggingface/tokenizers loads and that round-trip text.
import { readFile, rm, mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchWhisperEncoderContext } from '../../main/captions/onnx/whisper-encoder-context';
import {
  buildMarianModel,
  buildWhisperModel,
  type BuiltMarianModel,
  type BuiltWhisperModel,
} from '../support/random-models';

const WORDS = ['LiveBridge', 'Glow Serum', '口红', 'Kulit Glowing'];
const SESSION: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 2, interOpNumThreads: 1 };

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'random-models-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const f32 = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
const i64 = (values: number[], dims: number[]) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );
const bool = (value: boolean) => new ort.Tensor('bool', Uint8Array.of(value ? 1 : 0), [1]);

/** Deterministic pseudo-features (a log-mel spectrogram is roughly in [-1, 1] after Whisper's scaling). */
function features(mels: number, frames: number): Float32Array {
  const out = new Float32Array(mels * frames);
  for (let m = 0; m < mels; m++) {
    for (let t = 0; t < frames; t++) out[m * frames + t] = Math.sin(0.37 * m + 0.011 * t) * 0.8;
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

function emptyPast(layers: number, heads: number, headDim: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const empty = f32(new Float32Array(0), [1, heads, 0, headDim]);
  for (let i = 0; i < layers; i++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
      feeds[`past_key_values.${i}.${part}`] = empty;
    }
  }
  return feeds;
}

function pastFrom(result: ort.InferenceSession.ReturnType, layers: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (let i = 0; i < layers; i++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
      feeds[`past_key_values.${i}.${part}`] = result[`present.${i}.${part}`]!;
    }
  }
  return feeds;
}

function expectedDecoderIo(layers: number, encoderMask: boolean) {
  const inputs = [...(encoderMask ? ['encoder_attention_mask'] : []), 'input_ids', 'encoder_hidden_states'];
  const outputs = ['logits'];
  for (let i = 0; i < layers; i++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
      inputs.push(`past_key_values.${i}.${part}`);
      outputs.push(`present.${i}.${part}`);
    }
  }
  inputs.push('use_cache_branch');
  return { inputs, outputs };
}

/**
 * Runs `tokens` one at a time with the cache and all at once without it; returns the largest logit
 * difference and the last cached step's result.
 */
async function cacheVersusFull(
  decoder: ort.InferenceSession,
  shape: { layers: number; heads: number; headDim: number; vocab: number },
  tokens: number[],
  fixed: Record<string, ort.Tensor>,
) {
  const full = await decoder.run({
    ...fixed,
    ...emptyPast(shape.layers, shape.heads, shape.headDim),
    input_ids: i64(tokens, [1, tokens.length]),
    use_cache_branch: bool(false),
  });
  const fullLogits = full.logits!;
  expect(fullLogits.dims).toEqual([1, tokens.length, shape.vocab]);
  let past = emptyPast(shape.layers, shape.heads, shape.headDim);
  let worst = 0;
  let last: ort.InferenceSession.ReturnType = full;
  const firstStepEncoder: ort.Tensor[] = [];
  for (let step = 0; step < tokens.length; step++) {
    const result = await decoder.run({
      ...fixed,
      ...past,
      input_ids: i64([tokens[step]!], [1, 1]),
      use_cache_branch: bool(step > 0),
    });
    const row = (fullLogits.data as Float32Array).subarray(step * shape.vocab, (step + 1) * shape.vocab);
    worst = Math.max(worst, maxAbsDiff(result.logits!.data as Float32Array, row));
    if (step === 0) firstStepEncoder.push(result['present.0.encoder.key']!);
    past = pastFrom(result, shape.layers);
    last = result;
  }
  return { worst, last, full, firstStepEncoder: firstStepEncoder[0]! };
}

describe('random Whisper (test preset)', () => {
  let model: BuiltWhisperModel;
  let encoder: ort.InferenceSession;
  let decoder: ort.InferenceSession;
  let encoderBytes: Uint8Array;
  const frames = features(80, 3000);

  beforeAll(async () => {
    model = await buildWhisperModel(path.join(root, 'whisper-test'), 'test', { words: WORDS });
    encoderBytes = await readFile(path.join(model.dir, 'onnx', 'encoder_model.onnx'));
    encoder = await ort.InferenceSession.create(encoderBytes, SESSION);
    decoder = await ort.InferenceSession.create(
      path.join(model.dir, 'onnx', 'decoder_model_merged.onnx'),
      SESSION,
    );
  });
  afterAll(async () => {
    await encoder?.release();
    await decoder?.release();
  });

  it('writes the files of the Hugging Face export', async () => {
    expect((await readdir(model.dir)).sort()).toEqual(
      [
        'config.json',
        'generation_config.json',
        'onnx',
        'preprocessor_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
      ].sort(),
    );
    expect((await readdir(path.join(model.dir, 'onnx'))).sort()).toEqual([
      'decoder_model_merged.onnx',
      'encoder_model.onnx',
    ]);
    const config = JSON.parse(await readFile(path.join(model.dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      model_type: 'whisper',
      d_model: 64,
      encoder_layers: 2,
      decoder_layers: 2,
      encoder_attention_heads: 4,
      decoder_attention_heads: 4,
      num_mel_bins: 80,
      max_source_positions: 1500,
      max_target_positions: 448,
      vocab_size: model.tokenizer.vocabSize,
    });
    const generation = JSON.parse(await readFile(path.join(model.dir, 'generation_config.json'), 'utf8'));
    const r = model.tokenizer.regularCount;
    expect(generation.eos_token_id).toBe(r);
    expect(generation.decoder_start_token_id).toBe(r + 1);
    expect(generation.lang_to_id['<|en|>']).toBe(r + 2);
    expect(generation.lang_to_id['<|zh|>']).toBe(r + 3);
    expect(Object.keys(generation.lang_to_id)).toHaveLength(99);
    for (const lang of ['en', 'zh', 'es', 'ja', 'ko', 'id', 'pt', 'ar', 'fr', 'de']) {
      expect(generation.lang_to_id[`<|${lang}|>`]).toBeTypeOf('number');
    }
    expect(generation.task_to_id).toEqual({ translate: r + 101, transcribe: r + 102 });
    expect(generation.no_timestamps_token_id).toBe(r + 106);
    expect(generation.begin_suppress_tokens).toEqual([220, r]);
    expect(generation.suppress_tokens.length).toBeGreaterThan(10);
    const pre = JSON.parse(await readFile(path.join(model.dir, 'preprocessor_config.json'), 'utf8'));
    expect(pre).toMatchObject({ feature_size: 80, hop_length: 160, n_fft: 400, nb_max_frames: 3000 });
  });

  it('encoder: input_features [1, 80, 3000] -> last_hidden_state [1, 1500, 64]', async () => {
    expect(encoder.inputNames).toEqual(['input_features']);
    expect(encoder.outputNames).toEqual(['last_hidden_state']);
    const out = (await encoder.run({ input_features: f32(frames, [1, 80, 3000]) })).last_hidden_state!;
    expect(out.dims).toEqual([1, 1500, 64]);
    expect((out.data as Float32Array).every(Number.isFinite)).toBe(true);
  });

  it('the patched encoder runs 1000 frames, and matches the original on 3000', async () => {
    await expect(
      encoder.run({ input_features: f32(frames.subarray(0, 80 * 1000), [1, 80, 1000]) }),
    ).rejects.toThrow();
    const patched = patchWhisperEncoderContext(encoderBytes);
    expect(patched).not.toBeNull();
    const session = await ort.InferenceSession.create(patched!, SESSION);
    try {
      const short = features(80, 1000);
      const out = (await session.run({ input_features: f32(short, [1, 80, 1000]) })).last_hidden_state!;
      expect(out.dims).toEqual([1, 500, 64]);
      const long = (await session.run({ input_features: f32(frames, [1, 80, 3000]) })).last_hidden_state!;
      const original = (await encoder.run({ input_features: f32(frames, [1, 80, 3000]) })).last_hidden_state!;
      expect(maxAbsDiff(long.data as Float32Array, original.data as Float32Array)).toBeLessThan(1e-5);
    } finally {
      await session.release();
    }
    // Already patched: nothing left to rewrite.
    expect(patchWhisperEncoderContext(patched!)).toBeNull();
  });

  it('decoder: the merged export I/O', () => {
    const io = expectedDecoderIo(2, false);
    expect(decoder.inputNames).toEqual(io.inputs);
    expect(decoder.outputNames).toEqual(io.outputs);
  });

  it('decoding 4 tokens with the KV cache matches one pass without it', async () => {
    const hidden = (await encoder.run({ input_features: f32(frames, [1, 80, 3000]) })).last_hidden_state!;
    const g = model.generationConfig as { lang_to_id: Record<string, number> } & Record<string, number>;
    const tokens = [
      g.decoder_start_token_id!,
      g.lang_to_id['<|en|>']!,
      model.tokenizer.ids.transcribe,
      g.no_timestamps_token_id!,
    ];
    const shape = { layers: 2, heads: 4, headDim: 16, vocab: model.tokenizer.vocabSize };
    const { worst, last, full, firstStepEncoder } = await cacheVersusFull(decoder, shape, tokens, {
      encoder_hidden_states: hidden,
    });
    expect(worst).toBeLessThan(1e-4);
    expect(last['present.1.decoder.key']!.dims).toEqual([1, 4, 4, 16]);
    expect(full['present.1.encoder.value']!.dims).toEqual([1, 4, 1500, 16]);
    // Cached steps pass the first step's cross-attention K/V through.
    expect(
      maxAbsDiff(last['present.0.encoder.key']!.data as Float32Array, firstStepEncoder.data as Float32Array),
    ).toBe(0);
    // And the test is not vacuous: position and history change the logits well beyond the tolerance.
    const fullData = full.logits!.data as Float32Array;
    expect(
      maxAbsDiff(fullData.subarray(0, shape.vocab), fullData.subarray(shape.vocab, 2 * shape.vocab)),
    ).toBeGreaterThan(1e-2);
  });

  it("cachedEncoderPresent 'empty' returns placeholders like Optimum's merged decoders", async () => {
    const other = await buildWhisperModel(path.join(root, 'whisper-empty'), 'test', {
      words: WORDS,
      cachedEncoderPresent: 'empty',
    });
    const session = await ort.InferenceSession.create(
      path.join(other.dir, 'onnx', 'decoder_model_merged.onnx'),
      SESSION,
    );
    try {
      const hidden = (await encoder.run({ input_features: f32(frames, [1, 80, 3000]) })).last_hidden_state!;
      const first = await session.run({
        ...emptyPast(2, 4, 16),
        encoder_hidden_states: hidden,
        input_ids: i64([other.tokenizer.ids.startOfTranscript], [1, 1]),
        use_cache_branch: bool(false),
      });
      expect(first['present.0.encoder.key']!.dims).toEqual([1, 4, 1500, 16]);
      const second = await session.run({
        ...pastFrom(first, 2),
        encoder_hidden_states: hidden,
        input_ids: i64([other.tokenizer.ids.noTimestamps], [1, 1]),
        use_cache_branch: bool(true),
      });
      expect(second['present.0.encoder.key']!.dims).toEqual([0, 4, 1, 16]);
      expect(second['present.0.decoder.key']!.dims).toEqual([1, 4, 2, 16]);
    } finally {
      await session.release();
    }
  });

  it('same seed, same bytes; another seed, other weights', async () => {
    const again = await buildWhisperModel(path.join(root, 'whisper-again'), 'test', {
      words: WORDS,
      parts: ['encoder'],
    });
    const reseeded = await buildWhisperModel(path.join(root, 'whisper-seed'), 'test', {
      words: WORDS,
      seed: 7,
      parts: ['encoder'],
    });
    const bytes = (m: BuiltWhisperModel) => readFile(path.join(m.dir, 'onnx', 'encoder_model.onnx'));
    expect(Buffer.compare(await bytes(again), Buffer.from(encoderBytes))).toBe(0);
    expect(Buffer.compare(await bytes(reseeded), Buffer.from(encoderBytes))).not.toBe(0);
  });

  it('tokenizer.json loads in @huggingface/tokenizers and round-trips text with the words', async () => {
    const json = JSON.parse(await readFile(path.join(model.dir, 'tokenizer.json'), 'utf8'));
    const config = JSON.parse(await readFile(path.join(model.dir, 'tokenizer_config.json'), 'utf8'));
    const tokenizer = new Tokenizer(json, config);
    const text = 'Hello LiveBridge, try the Glow Serum and 口红 now!';
    const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
    expect(tokenizer.decode(ids)).toBe(text);
    expect(ids).toEqual(model.tokenizer.encode(text));
    const word = tokenizer.encode(' LiveBridge', { add_special_tokens: false }).ids;
    expect(word).toHaveLength(1);
    expect(model.wordTokenIds).toContain(word[0]);
    expect(tokenizer.encode(' 口红', { add_special_tokens: false }).ids).toHaveLength(1);
    const r = model.tokenizer.regularCount;
    expect(tokenizer.token_to_id('<|endoftext|>')).toBe(r);
    expect(tokenizer.token_to_id('<|startoftranscript|>')).toBe(r + 1);
    expect(tokenizer.token_to_id('<|en|>')).toBe(r + 2);
    expect(tokenizer.token_to_id('<|notimestamps|>')).toBe(r + 106);
    expect(tokenizer.token_to_id('Ġ')).toBe(220);
    const withSpecials = tokenizer.encode('hi').ids;
    expect(withSpecials[0]).toBe(r + 1);
    expect(withSpecials.at(-1)).toBe(r);
    expect(tokenizer.decode(withSpecials, { skip_special_tokens: true })).toBe('hi');
  });
});

describe('random Marian (test preset)', () => {
  let model: BuiltMarianModel;
  let encoder: ort.InferenceSession;
  let decoder: ort.InferenceSession;
  let tokenizer: Tokenizer;

  beforeAll(async () => {
    model = await buildMarianModel(path.join(root, 'marian-test'), 'test', { words: WORDS });
    encoder = await ort.InferenceSession.create(path.join(model.dir, 'onnx', 'encoder_model.onnx'), SESSION);
    decoder = await ort.InferenceSession.create(
      path.join(model.dir, 'onnx', 'decoder_model_merged.onnx'),
      SESSION,
    );
    tokenizer = new Tokenizer(
      JSON.parse(await readFile(path.join(model.dir, 'tokenizer.json'), 'utf8')),
      JSON.parse(await readFile(path.join(model.dir, 'tokenizer_config.json'), 'utf8')),
    );
  });
  afterAll(async () => {
    await encoder?.release();
    await decoder?.release();
  });

  it('writes the files of the Xenova export with Marian conventions', async () => {
    expect((await readdir(model.dir)).sort()).toEqual(
      ['config.json', 'generation_config.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json'].sort(),
    );
    const config = JSON.parse(await readFile(path.join(model.dir, 'config.json'), 'utf8'));
    const pad = model.tokenizer.vocabSize - 1;
    expect(config).toMatchObject({
      model_type: 'marian',
      d_model: 64,
      encoder_layers: 2,
      decoder_layers: 2,
      vocab_size: model.tokenizer.vocabSize,
      max_position_embeddings: 512,
      pad_token_id: pad,
      eos_token_id: 0,
      decoder_start_token_id: pad,
      scale_embedding: true,
      activation_function: 'swish',
      normalize_before: false,
      static_position_embeddings: true,
    });
  });

  it('encoder and merged decoder have the export I/O', () => {
    expect(encoder.inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(encoder.outputNames).toEqual(['last_hidden_state']);
    const io = expectedDecoderIo(2, true);
    expect(decoder.inputNames).toEqual(io.inputs);
    expect(decoder.outputNames).toEqual(io.outputs);
  });

  it('padding in the encoder mask does not change the unpadded tokens', async () => {
    const a = tokenizer.encode('Hello LiveBridge world').ids;
    const b = tokenizer.encode('the Glow Serum is here, buy it now for 口红 fans').ids;
    expect(b.length).toBeGreaterThan(a.length);
    const alone = (
      await encoder.run({
        input_ids: i64(a, [1, a.length]),
        attention_mask: i64(
          a.map(() => 1),
          [1, a.length],
        ),
      })
    ).last_hidden_state!;
    expect(alone.dims).toEqual([1, a.length, 64]);
    const n = b.length;
    const padded = [...a, ...new Array<number>(n - a.length).fill(model.tokenizer.padId)];
    const mask = [...a.map(() => 1), ...new Array<number>(n - a.length).fill(0), ...b.map(() => 1)];
    const batch = (
      await encoder.run({ input_ids: i64([...padded, ...b], [2, n]), attention_mask: i64(mask, [2, n]) })
    ).last_hidden_state!;
    expect(batch.dims).toEqual([2, n, 64]);
    const rowA = (batch.data as Float32Array).subarray(0, a.length * 64);
    expect(maxAbsDiff(rowA, alone.data as Float32Array)).toBeLessThan(1e-4);
    // Without the mask the padding would leak in: the check above is not vacuous.
    const unmasked = (
      await encoder.run({
        input_ids: i64(padded, [1, n]),
        attention_mask: i64(
          padded.map(() => 1),
          [1, n],
        ),
      })
    ).last_hidden_state!;
    const leaked = (unmasked.data as Float32Array).subarray(0, a.length * 64);
    expect(maxAbsDiff(leaked, alone.data as Float32Array)).toBeGreaterThan(1e-3);
  });

  it('decoding 4 tokens with the KV cache matches one pass without it', async () => {
    const source = tokenizer.encode('Hello LiveBridge world').ids;
    const mask = i64(
      source.map(() => 1),
      [1, source.length],
    );
    const hidden = (await encoder.run({ input_ids: i64(source, [1, source.length]), attention_mask: mask }))
      .last_hidden_state!;
    const tokens = [model.tokenizer.padId, ...model.wordTokenIds.slice(0, 2), 5];
    const shape = { layers: 2, heads: 4, headDim: 16, vocab: model.tokenizer.vocabSize };
    const { worst, last } = await cacheVersusFull(decoder, shape, tokens, {
      encoder_hidden_states: hidden,
      encoder_attention_mask: mask,
    });
    expect(worst).toBeLessThan(1e-4);
    expect(last['present.0.decoder.value']!.dims).toEqual([1, 4, 4, 16]);
    expect(last['present.0.encoder.value']!.dims).toEqual([1, 4, source.length, 16]);
  });

  it('tokenizer.json loads in @huggingface/tokenizers and round-trips text with the words', () => {
    const text = 'Hello LiveBridge, the Glow Serum and 口红';
    const encoded = tokenizer.encode(text);
    expect(encoded.ids.at(-1)).toBe(0);
    expect(encoded.ids).not.toContain(1);
    expect(tokenizer.decode(encoded.ids, { skip_special_tokens: true })).toBe(text);
    expect(tokenizer.encode('LiveBridge', { add_special_tokens: false }).tokens).toEqual(['▁LiveBridge']);
    expect(tokenizer.token_to_id('</s>')).toBe(0);
    expect(tokenizer.token_to_id('<unk>')).toBe(1);
    expect(tokenizer.token_to_id('<pad>')).toBe(model.tokenizer.vocabSize - 1);
  });
});

describe('real-size presets', () => {
  it('whisper base builds, and its patched encoder runs 1000 frames', { timeout: 180_000 }, async () => {
    const started = performance.now();
    const model = await buildWhisperModel(path.join(root, 'whisper-base'), 'base', { words: WORDS });
    const built = performance.now();
    const bytes = await readFile(path.join(model.dir, 'onnx', 'encoder_model.onnx'));
    const patched = patchWhisperEncoderContext(bytes);
    expect(patched).not.toBeNull();
    const session = await ort.InferenceSession.create(patched!, SESSION);
    const loaded = performance.now();
    try {
      const out = (await session.run({ input_features: f32(features(80, 1000), [1, 80, 1000]) }))
        .last_hidden_state!;
      const ran = performance.now();
      expect(out.dims).toEqual([1, 500, 512]);
      expect(model.tokenizer.vocabSize).toBe(51865);
      expect(model.tokenizer.regularCount).toBe(50257);
      console.log(
        `whisper base: build ${(built - started).toFixed(0)} ms, encoder load ${(loaded - built).toFixed(0)} ms, ` +
          `1000-frame encoder pass ${(ran - loaded).toFixed(0)} ms`,
      );
    } finally {
      await session.release();
      await rm(model.dir, { recursive: true, force: true });
    }
  });
});
