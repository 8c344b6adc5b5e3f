// onnxruntime-node sessions for the local caption engines, and the greedy decoding loop that Whisper and
// Marian share: both are Hugging Face ONNX exports with a merged decoder (one graph, an If on
// use_cache_branch) whose past_key_values.* inputs take the previous step's present.* outputs.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { AbortedError, EngineError } from '../engines';

export type Tensor = ort.Tensor;
export { ort };

export interface SessionOptions {
  /** Intra-op threads; the captions worker is the only heavy user of the CPU besides media. */
  threads?: number;
  /** Which weights of a model folder to run: int8 (`*_quantized.onnx`) when present, unless fp32 is asked. */
  precision?: 'auto' | 'fp32' | 'int8';
}

/** The ONNX file of a model part: onnx/<name>_quantized.onnx where present (and allowed), else fp32. */
export function modelFile(
  dir: string,
  name: string,
  precision: SessionOptions['precision'] = 'auto',
): string {
  const int8 = path.join(dir, 'onnx', `${name}_quantized.onnx`);
  const fp32 = path.join(dir, 'onnx', `${name}.onnx`);
  if (precision === 'fp32') return fp32;
  if (precision === 'int8') return int8;
  return existsSync(int8) ? int8 : fp32;
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

export async function createSession(
  file: string | Uint8Array,
  what: string,
  options: SessionOptions = {},
): Promise<ort.InferenceSession> {
  if (typeof file === 'string' && !existsSync(file)) {
    throw new EngineError('model_missing', `${what}: ${path.basename(file)} is missing (${file})`);
  }
  try {
    return await ort.InferenceSession.create(file as string, {
      intraOpNumThreads: options.threads ?? defaultThreads(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Several sessions (VAD, recognizer, a translator per language) share two cores: an idle pool that
      // spins steals the CPU from the one that is working.
      extra: { session: { intra_op: { allow_spinning: process.env.LB_ORT_SPIN ?? '0' } } },
    });
  } catch (error) {
    throw new EngineError(
      'model_invalid',
      `${what}: the model file cannot be loaded (${(error as Error).message.slice(0, 200)})`,
    );
  }
}

export function readJson<T>(file: string, what: string): T {
  if (!existsSync(file)) throw new EngineError('model_missing', `${what}: ${path.basename(file)} is missing`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new EngineError('model_invalid', `${what}: ${path.basename(file)} is not valid JSON (${error})`);
  }
}

/** A model folder's tokenizer.json, with its tokenizer_config.json when there is one. */
export function loadTokenizer(dir: string, what: string): Tokenizer {
  const json = readJson<object>(path.join(dir, 'tokenizer.json'), what);
  const configFile = path.join(dir, 'tokenizer_config.json');
  const config = existsSync(configFile) ? readJson<object>(configFile, what) : {};
  return new Tokenizer(json, config);
}

export const int64 = (values: number[], dims: number[]) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );

/** Shape facts of a merged decoder, read from its input names and its config. */
export interface DecoderShape {
  layers: number;
  heads: number;
  headDim: number;
  /** Whether it takes encoder_attention_mask (Marian does, Whisper does not). */
  encoderMask: boolean;
}

export function decoderShape(session: ort.InferenceSession, dModel: number, heads: number): DecoderShape {
  const layers = session.inputNames.filter((n) => /^past_key_values\.\d+\.decoder\.key$/.test(n)).length;
  if (layers === 0 || !session.inputNames.includes('use_cache_branch')) {
    throw new EngineError(
      'model_invalid',
      'The decoder is not a merged decoder with a KV cache (decoder_model_merged.onnx expected)',
    );
  }
  return {
    layers,
    heads,
    headDim: Math.floor(dModel / heads),
    encoderMask: session.inputNames.includes('encoder_attention_mask'),
  };
}

export interface GreedyOptions {
  prompt: number[];
  eos: number;
  maxNewTokens: number;
  /** Token ids never chosen (pad, timestamps, specials). */
  suppress?: Set<number>;
  /** Token ids not chosen as the first new token. */
  beginSuppress?: Set<number>;
  /** Forbid a token repeated this many times in a row (random or confused models loop). */
  maxRepeat?: number;
  encoderMask?: Tensor;
  signal?: AbortSignal;
}

/** Greedy decoding with the KV cache; returns the new token ids (without the prompt and the eos). */
export async function greedyDecode(
  session: ort.InferenceSession,
  shape: DecoderShape,
  encoderHidden: Tensor,
  options: GreedyOptions,
): Promise<number[]> {
  const { layers, heads, headDim } = shape;
  const empty = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, headDim]);
  let past: Record<string, Tensor> = {};
  for (let i = 0; i < layers; i++) {
    for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
      past[`past_key_values.${i}.${part}`] = empty;
    }
  }
  const out: number[] = [];
  let input = options.prompt;
  let useCache = false;
  while (out.length < options.maxNewTokens) {
    if (options.signal?.aborted) throw new AbortedError();
    const feeds: Record<string, Tensor> = {
      input_ids: int64(input, [1, input.length]),
      encoder_hidden_states: encoderHidden,
      use_cache_branch: new ort.Tensor('bool', Uint8Array.from([useCache ? 1 : 0]), [1]),
      ...past,
    };
    if (shape.encoderMask && options.encoderMask) feeds.encoder_attention_mask = options.encoderMask;
    const result = await session.run(feeds);
    const logits = result.logits;
    if (!logits) throw new EngineError('model_invalid', 'The decoder has no logits output');
    const vocab = logits.dims[2] ?? 0;
    const data = logits.data as Float32Array;
    const offset = (input.length - 1) * vocab;
    const next = argmax(data, offset, vocab, (id) => {
      if (options.suppress?.has(id)) return false;
      if (out.length === 0 && options.beginSuppress?.has(id)) return false;
      if (options.maxRepeat && out.length >= options.maxRepeat) {
        let same = true;
        for (let k = 1; k <= options.maxRepeat; k++) same &&= out[out.length - k] === id;
        if (same) return false;
      }
      return true;
    });
    if (next < 0 || next === options.eos) break;
    out.push(next);
    const nextPast: Record<string, Tensor> = {};
    for (let i = 0; i < layers; i++) {
      for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) {
        // The cross-attention K/V come from the first step; Optimum's merged decoders answer cached
        // steps with empty encoder presents, so those are kept from before.
        if (useCache && part.startsWith('encoder')) {
          nextPast[`past_key_values.${i}.${part}`] = past[`past_key_values.${i}.${part}`]!;
          continue;
        }
        const t = result[`present.${i}.${part}`];
        if (!t) throw new EngineError('model_invalid', `The decoder has no present.${i}.${part} output`);
        nextPast[`past_key_values.${i}.${part}`] = t;
      }
    }
    past = nextPast;
    input = [next];
    useCache = true;
  }
  return out;
}

function argmax(data: Float32Array, offset: number, n: number, allowed: (id: number) => boolean): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = data[offset + i]!;
    if (v > bestValue && allowed(i)) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}
