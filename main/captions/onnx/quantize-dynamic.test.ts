// quantizeDynamic: the rewrite itself on small hand-built graphs (what is quantized, where the new weights
// go, names, options, the per-tensor formulas), then the random-weight Whisper and Marian test models: the
// quantized files load with the float models' I/O, their logits follow the float ones step by step with
// the KV cache, and the Whisper encoder patch still applies.
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMarianModel,
  buildWhisperModel,
  type BuiltMarianModel,
  type BuiltWhisperModel,
} from '../../../tests/support/random-models';
import {
  attr,
  buildModel,
  decodeModel,
  encodeModel,
  GraphBuilder,
  proto,
  readModel,
  tensorProto,
  toNumber,
  type onnx,
} from './graph-builder';
import { Weights } from '../../../tests/support/random-models/weights';
import { quantizeDynamic, quantizeValues } from './quantize-dynamic';
import { patchWhisperEncoderContext } from './whisper-encoder-context';

const SESSION: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 2, interOpNumThreads: 1 };

/**
 * How close int8 (u8s8) outputs follow the float ones on this CPU. With VNNI or AMX (or on ARM) MLAS
 * multiplies u8 by s8 exactly; on x86 without them (AVX2, AVX-512F alone) its u8s8 kernel adds pairs of
 * products in 16 bits, which saturate: onnxruntime documents it and quantize_dynamic's reduce_range is its
 * remedy. Measured on an AVX2-only EPYC: cosine 0.9965 to 0.998 where VNNI machines give > 0.999.
 */
const U8S8_COSINE = (() => {
  if (process.arch !== 'x64') return 0.999;
  let flags = '';
  try {
    flags = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return 0.99; // cannot tell: the bound that holds either way
  }
  return /\b(avx512_vnni|avx_vnni|amx_int8)\b/.test(flags) ? 0.999 : 0.99;
})();
const T = proto.TensorProto.DataType;

/** Seeded pseudo-random values with standard deviation `std` (unstructured, unlike a sine table, whose
 * dot products can cancel to well below the quantization noise). */
function values(count: number, std: number, seed = 0): Float32Array {
  return new Weights(seed, std).normal('values', count);
}

function* graphs(graph: onnx.IGraphProto): Generator<onnx.IGraphProto> {
  yield graph;
  for (const node of graph.node ?? []) {
    for (const a of node.attribute ?? []) {
      if (a.g) yield* graphs(a.g);
      for (const g of a.graphs ?? []) yield* graphs(g);
    }
  }
}

function nodes(model: onnx.IModelProto): onnx.INodeProto[] {
  return [...graphs(model.graph!)].flatMap((g) => g.node ?? []);
}

function opCounts(model: onnx.IModelProto): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of nodes(model)) counts[node.opType!] = (counts[node.opType!] ?? 0) + 1;
  return counts;
}

/** Initializers by name, over all graphs (names are unique model-wide). */
function initializers(model: onnx.IModelProto): Map<string, onnx.ITensorProto> {
  const map = new Map<string, onnx.ITensorProto>();
  for (const g of graphs(model.graph!)) for (const t of g.initializer ?? []) map.set(t.name!, t);
  return map;
}

/** MatMuls whose B is a float initializer of at least `min` elements: what quantization should remove. */
function largeFloatMatMuls(model: onnx.IModelProto, min = 4096): onnx.INodeProto[] {
  const inits = initializers(model);
  return nodes(model).filter((n) => {
    const b = n.opType === 'MatMul' ? inits.get(n.input![1]!) : undefined;
    const count = (b?.dims ?? []).map(toNumber).reduce((x, y) => x * y, 1);
    return b?.dataType === T.FLOAT && b.dims!.length === 2 && count >= min;
  });
}

function ioSignature(model: onnx.IModelProto): string {
  const g = model.graph!;
  const json = (v: onnx.IValueInfoProto[]) =>
    v.map((i) => proto.ValueInfoProto.toObject(i as onnx.ValueInfoProto));
  return JSON.stringify({ inputs: json(g.input ?? []), outputs: json(g.output ?? []) });
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

function argmax(a: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
  return best;
}

const f32 = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
const i64 = (ids: number[], dims: number[]) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(ids, (v) => BigInt(v)),
    dims,
  );
const bool = (value: boolean) => new ort.Tensor('bool', Uint8Array.of(value ? 1 : 0), [1]);

async function runModel(model: onnx.IModelProto, feeds: Record<string, ort.Tensor>) {
  const session = await ort.InferenceSession.create(encodeModel(model), SESSION);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

/**
 * ids, x [2, 3, 64] -> y = (x + E[ids]) W + bias [.., 96], u = (x + E[ids]) V [.., 64], z = (x + E[ids]) S
 * [.., 8]: two large weights sharing one activation, a small one, an embedding Gather and a bias.
 */
function denseModel(opset = 17) {
  const g = new GraphBuilder('dense');
  const ids = g.input('ids', 'int64', ['batch', 'seq']);
  const x = g.input('x', 'float32', ['batch', 'seq', 64]);
  const embedding = g.initializer('E', values(100 * 64, 0.5), [100, 64]);
  const h = g.op('Add', [x, g.op('Gather', [embedding, ids], { axis: 0 })]);
  const w = g.initializer('W', values(64 * 96, 0.1, 1), [64, 96]);
  const bias = g.initializer('bias', values(96, 0.1, 2), [96]);
  g.op('Add', [g.op('MatMul', [h, w], {}, { name: 'proj' }), bias], {}, { outputs: 'y' });
  g.op('MatMul', [h, g.initializer('V', values(64 * 64, 0.1, 3), [64, 64])], {}, { outputs: 'u' });
  g.op('MatMul', [h, g.initializer('S', values(64 * 8, 0.1, 4), [64, 8])], {}, { outputs: 'z' });
  g.output('y', 'float32', ['batch', 'seq', 96]);
  g.output('u', 'float32', ['batch', 'seq', 64]);
  g.output('z', 'float32', ['batch', 'seq', 8]);
  return buildModel(g, { opset });
}

const denseFeeds = () => ({
  ids: i64([1, 5, 99, 0, 42, 7], [2, 3]),
  x: f32(values(2 * 3 * 64, 1, 5), [2, 3, 64]),
});

describe('quantizeDynamic', () => {
  it('rewrites MatMuls with large float weights; Gather, biases and small MatMuls stay float', async () => {
    const model = denseModel();
    const before = encodeModel(model);
    const q = quantizeDynamic(model);
    // The input is not modified.
    expect(Buffer.compare(Buffer.from(encodeModel(model)), Buffer.from(before))).toBe(0);
    expect(ioSignature(q)).toBe(ioSignature(model));
    expect(opCounts(q)).toEqual({
      Gather: 1,
      Add: 2,
      // One DynamicQuantizeLinear for the activation both large MatMuls read.
      DynamicQuantizeLinear: 1,
      MatMulInteger: 2,
      Cast: 2,
      Mul: 4,
      MatMul: 1,
    });
    const inits = initializers(q);
    expect(inits.has('W')).toBe(false);
    expect(inits.has('V')).toBe(false);
    for (const name of ['E', 'bias', 'S']) expect(inits.get(name)?.dataType).toBe(T.FLOAT);
    expect(inits.get('W_quantized')?.dataType).toBe(T.INT8);
    expect(inits.get('W_quantized')?.dims?.map(toNumber)).toEqual([64, 96]);
    expect(inits.get('W_zero_point')?.dataType).toBe(T.INT8);
    expect(inits.get('W_scale')?.dataType).toBe(T.FLOAT);
    expect(largeFloatMatMuls(q)).toEqual([]);
    // The scale Mul feeding the rescale is Mul(A_scale, B_scale), the order onnxruntime's fusion expects.
    const scales = nodes(q).find((n) => n.opType === 'Mul' && n.input?.[1] === 'W_scale');
    expect(nodes(q).find((n) => n.opType === 'DynamicQuantizeLinear')?.output?.[1]).toBe(scales?.input?.[0]);

    const expected = await runModel(model, denseFeeds());
    const actual = await runModel(q, denseFeeds());
    for (const name of ['y', 'u']) {
      const a = actual[name]!.data as Float32Array;
      const b = expected[name]!.data as Float32Array;
      expect(cosine(a, b)).toBeGreaterThan(U8S8_COSINE);
      expect(a.some((v, i) => v !== b[i])).toBe(true);
    }
    expect(Array.from(actual.z!.data as Float32Array)).toEqual(Array.from(expected.z!.data as Float32Array));
  });

  it('accepts bytes, is idempotent, and rejects opsets without DynamicQuantizeLinear', () => {
    const once = quantizeDynamic(encodeModel(denseModel()));
    expect(opCounts(quantizeDynamic(once))).toEqual(opCounts(once));
    expect(encodeModel(quantizeDynamic(once)).length).toBe(encodeModel(once).length);
    expect(() => quantizeDynamic(denseModel(10))).toThrow(/opset 11/);
  });

  it('quantizes MatMuls in If branches, each weight once and in the graph that declared it', async () => {
    const g = new GraphBuilder('branches');
    const x = g.input('x', 'float32', ['batch', 64]);
    const cond = g.input('cond', 'bool', [1]);
    // Declared in the outer graph (as GraphBuilder stores subgraph weights), read by both branches.
    const shared = g.initializer('W_outer', values(64 * 64, 0.1, 1), [64, 64]);
    const thenBranch = g.subgraph('then');
    thenBranch.output(thenBranch.op('MatMul', [x, shared]), 'float32', null);
    const elseBranch = g.subgraph('else');
    const mixed = elseBranch.op('MatMul', [x, shared]);
    elseBranch.output(elseBranch.op('MatMul', [mixed, 'W_inner']), 'float32', null);
    g.opMulti(
      'If',
      [cond],
      { then_branch: attr.graph(thenBranch), else_branch: attr.graph(elseBranch) },
      { outputs: ['y'] },
    );
    g.output('y', 'float32', ['batch', 64]);
    const model = buildModel(g);
    // A weight declared inside a branch, as some exporters leave them.
    const elseGraph = model.graph!.node![0]!.attribute!.find((a) => a.name === 'else_branch')!.g!;
    elseGraph.initializer = [tensorProto('W_inner', values(64 * 64, 0.1, 2), [64, 64])];

    const q = quantizeDynamic(model);
    const root = q.graph!;
    const [thenQ, elseQ] = ['then_branch', 'else_branch'].map(
      (name) => root.node!.find((n) => n.opType === 'If')!.attribute!.find((a) => a.name === name)!.g!,
    );
    const names = (graph: onnx.IGraphProto) => (graph.initializer ?? []).map((t) => t.name);
    expect(names(root)).toEqual(['W_outer_quantized', 'W_outer_scale', 'W_outer_zero_point']);
    expect(names(thenQ!)).toEqual([]);
    expect(names(elseQ!)).toEqual(['W_inner_quantized', 'W_inner_scale', 'W_inner_zero_point']);
    expect(largeFloatMatMuls(q)).toEqual([]);
    // Each branch quantizes x for itself (a node in the outer graph would run on both paths).
    expect(thenQ!.node!.filter((n) => n.opType === 'DynamicQuantizeLinear')).toHaveLength(1);
    expect(elseQ!.node!.filter((n) => n.opType === 'DynamicQuantizeLinear')).toHaveLength(2);
    const produced = nodes(q).flatMap((n) => n.output ?? []);
    expect(new Set(produced).size).toBe(produced.length);
    const nodeNames = nodes(q).map((n) => n.name);
    expect(new Set(nodeNames).size).toBe(nodeNames.length);

    const input = f32(values(2 * 64, 1, 3), [2, 64]);
    for (const branch of [true, false]) {
      const feeds = { x: input, cond: bool(branch) };
      const a = (await runModel(q, feeds)).y!.data as Float32Array;
      const b = (await runModel(model, feeds)).y!.data as Float32Array;
      expect(cosine(a, b)).toBeGreaterThan(U8S8_COSINE);
    }
  });

  it('keeps a float weight something else still reads, and avoids names already taken', async () => {
    const g = new GraphBuilder('shared_weight');
    const x = g.input('x', 'float32', [64, 64]);
    // An input already called what the quantized weight would be called.
    g.input('W_quantized', 'float32', [1]);
    const w = g.initializer('W', values(64 * 64, 0.1, 1), [64, 64]);
    g.op('Add', [g.op('MatMul', [x, w]), w], {}, { outputs: 'y' });
    g.output('y', 'float32', [64, 64]);
    const model = buildModel(g);
    const q = quantizeDynamic(model);
    const inits = initializers(q);
    expect(inits.get('W')?.dataType).toBe(T.FLOAT);
    expect(inits.get('W_quantized_1')?.dataType).toBe(T.INT8);
    expect(inits.has('W_quantized')).toBe(false);
    const feeds = { x: f32(values(64 * 64, 1, 2), [64, 64]), W_quantized: f32(Float32Array.of(0), [1]) };
    const a = (await runModel(q, feeds)).y!.data as Float32Array;
    const b = (await runModel(model, feeds)).y!.data as Float32Array;
    expect(cosine(a, b)).toBeGreaterThan(U8S8_COSINE);
  });

  it('options: uint8 weights, reduced range, a size threshold and excluded nodes', async () => {
    const uint8 = quantizeDynamic(denseModel(), { weightType: 'uint8' });
    const inits = initializers(uint8);
    expect(inits.get('W_quantized')?.dataType).toBe(T.UINT8);
    expect(inits.get('W_zero_point')?.rawData?.[0]).toBeGreaterThan(100);
    expect(
      cosine(
        (await runModel(uint8, denseFeeds())).y!.data as Float32Array,
        (await runModel(denseModel(), denseFeeds())).y!.data as Float32Array,
      ),
    ).toBeGreaterThan(0.999);

    const reduced = initializers(quantizeDynamic(denseModel(), { reduceRange: true })).get('W_quantized')!;
    const q = new Int8Array(reduced.rawData!.buffer, reduced.rawData!.byteOffset, reduced.rawData!.length);
    expect(Math.max(...q)).toBe(64);
    expect(Math.min(...q)).toBeGreaterThanOrEqual(-64);

    expect(opCounts(quantizeDynamic(denseModel(), { minElements: 6000 })).MatMulInteger).toBe(1);
    expect(opCounts(quantizeDynamic(denseModel(), { minElements: 512 })).MatMulInteger).toBe(3);
    const excluded = quantizeDynamic(denseModel(), { exclude: ['proj'] });
    expect(opCounts(excluded).MatMulInteger).toBe(1);
    expect(initializers(excluded).get('W')?.dataType).toBe(T.FLOAT);
  });

  it('quantizeValues follows quantize_dynamic: range widened to 0, int8 symmetric, uint8 asymmetric', () => {
    const int8 = quantizeValues(Float32Array.of(-0.2, 0.7, 1), 'int8');
    expect(int8.scale).toBeCloseTo(1 / 127, 7);
    expect(int8.zeroPoint).toBe(0);
    expect(Array.from(int8.data)).toEqual([-25, 89, 127]);
    const uint8 = quantizeValues(Float32Array.of(-1, 0, 3), 'uint8');
    expect(uint8.scale).toBeCloseTo(4 / 255, 7);
    expect(uint8.zeroPoint).toBe(64);
    expect(Array.from(uint8.data)).toEqual([0, 64, 255]);
    // All positive: the range still starts at 0, so 0 stays exactly representable.
    expect(quantizeValues(Float32Array.of(1, 2), 'uint8').zeroPoint).toBe(0);
    expect(Array.from(quantizeValues(Float32Array.of(-1, 1), 'int8', true).data)).toEqual([-64, 64]);
    const zeros = quantizeValues(new Float32Array(4), 'int8');
    expect(zeros.scale).toBe(1);
    expect(Array.from(zeros.data)).toEqual([0, 0, 0, 0]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The random-weight models of the test presets.

const WORDS = ['LiveBridge', 'Glow Serum', '口红'];

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

interface StepComparison {
  cosines: number[];
  sameArgmax: number;
  /** The quantized model's logits of the last step, with the cache and from one pass without it. */
  lastCached: Float32Array;
  lastFull: Float32Array;
  lastPresent: readonly number[];
}

/**
 * Feeds the same tokens one at a time with the KV cache (use_cache_branch true after the first step) to
 * the float and the quantized decoder, and compares each step's logits.
 */
async function compareDecoders(
  float: ort.InferenceSession,
  quantized: ort.InferenceSession,
  shape: { layers: number; heads: number; headDim: number },
  tokens: number[],
  fixed: Record<string, ort.Tensor>,
): Promise<StepComparison> {
  let pastF = emptyPast(shape.layers, shape.heads, shape.headDim);
  let pastQ = pastF;
  const cosines: number[] = [];
  let sameArgmax = 0;
  let lastCached: Float32Array = new Float32Array(0);
  let lastPresent: readonly number[] = [];
  for (let step = 0; step < tokens.length; step++) {
    const feeds = { ...fixed, input_ids: i64([tokens[step]!], [1, 1]), use_cache_branch: bool(step > 0) };
    const rf = await float.run({ ...feeds, ...pastF });
    const rq = await quantized.run({ ...feeds, ...pastQ });
    const lf = rf.logits!.data as Float32Array;
    const lq = rq.logits!.data as Float32Array;
    cosines.push(cosine(lf, lq));
    if (argmax(lf) === argmax(lq)) sameArgmax++;
    pastF = pastFrom(rf, shape.layers);
    pastQ = pastFrom(rq, shape.layers);
    lastCached = lq;
    lastPresent = rq['present.0.decoder.key']!.dims;
  }
  const full = await quantized.run({
    ...fixed,
    ...emptyPast(shape.layers, shape.heads, shape.headDim),
    input_ids: i64(tokens, [1, tokens.length]),
    use_cache_branch: bool(false),
  });
  const vocab = lastCached.length;
  const lastFull = (full.logits!.data as Float32Array).slice((tokens.length - 1) * vocab);
  return { cosines, sameArgmax, lastCached, lastFull, lastPresent };
}

/** Float and quantized agree: every step's logits point the same way, and the argmax mostly matches. */
function expectAgreement(c: StepComparison, steps: number) {
  expect(Math.min(...c.cosines)).toBeGreaterThan(0.98);
  // Random weights leave some near-ties, so a flip or two is allowed; a broken rewrite agrees on ~none.
  expect(c.sameArgmax).toBeGreaterThanOrEqual(Math.ceil(0.75 * steps));
  // The cached path of the quantized decoder gives what one uncached pass gives. Not bit-equal: A's
  // quantization range is per call, so it differs between one token and the whole sequence.
  expect(cosine(c.lastCached, c.lastFull)).toBeGreaterThan(0.995);
}

let root = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'quantize-dynamic-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const onnxFile = (dir: string, name: string) => path.join(dir, 'onnx', `${name}.onnx`);
const FILES = ['encoder_model', 'decoder_model_merged'];

/** Both files of a model with their quantized variants: structure checks shared by Whisper and Marian. */
async function expectQuantizedFiles(dir: string) {
  for (const name of FILES) {
    const float = await readModel(onnxFile(dir, name));
    const quantized = await readModel(onnxFile(dir, `${name}_quantized`));
    expect(ioSignature(quantized)).toBe(ioSignature(float));
    const before = opCounts(float);
    const after = opCounts(quantized);
    expect(largeFloatMatMuls(float).length).toBeGreaterThan(0);
    expect(largeFloatMatMuls(quantized)).toEqual([]);
    expect(after.MatMulInteger).toBe(largeFloatMatMuls(float).length);
    for (const op of ['Gather', 'Conv', 'LayerNormalization', 'Softmax', 'If'])
      expect(after[op]).toBe(before[op]);
    // The embeddings and convolutions stay float; the quantized weights take a byte an element, not four.
    const inits = initializers(quantized);
    for (const node of nodes(quantized).filter((n) => n.opType === 'Gather' || n.opType === 'Conv')) {
      const weight = inits.get(node.input![0]!) ?? inits.get(node.input![1]!);
      expect(weight?.dataType).toBe(T.FLOAT);
    }
    const elements = largeFloatMatMuls(float)
      .map((n) => initializers(float).get(n.input![1]!)!)
      .filter((t, i, all) => all.indexOf(t) === i)
      .reduce((sum, t) => sum + t.dims!.map(toNumber).reduce((x, y) => x * y, 1), 0);
    const bytes = async (n: string) => (await readFile(onnxFile(dir, n))).length;
    expect(await bytes(`${name}_quantized`)).toBeLessThan((await bytes(name)) - 2.5 * elements);
    const [f, q] = await Promise.all([
      ort.InferenceSession.create(onnxFile(dir, name), SESSION),
      ort.InferenceSession.create(onnxFile(dir, `${name}_quantized`), SESSION),
    ]);
    expect(q.inputNames).toEqual(f.inputNames);
    expect(q.outputNames).toEqual(f.outputNames);
    await Promise.all([f.release(), q.release()]);
  }
}

function features(mels: number, frames: number): Float32Array {
  const out = new Float32Array(mels * frames);
  for (let m = 0; m < mels; m++) {
    for (let t = 0; t < frames; t++) out[m * frames + t] = Math.sin(0.37 * m + 0.011 * t) * 0.8;
  }
  return out;
}

describe('quantized random Whisper (test preset)', () => {
  let model: BuiltWhisperModel;
  const sessions: Record<string, ort.InferenceSession> = {};
  const frames = features(80, 3000);

  beforeAll(async () => {
    model = await buildWhisperModel(path.join(root, 'whisper'), 'test', { words: WORDS, quantized: true });
    for (const name of FILES.flatMap((n) => [n, `${n}_quantized`])) {
      sessions[name] = await ort.InferenceSession.create(onnxFile(model.dir, name), SESSION);
    }
  });
  afterAll(async () => {
    for (const s of Object.values(sessions)) await s.release();
  });

  it("writes the _quantized files beside the float ones, or alone with quantized: 'only'", async () => {
    expect((await readdir(path.join(model.dir, 'onnx'))).sort()).toEqual([
      'decoder_model_merged.onnx',
      'decoder_model_merged_quantized.onnx',
      'encoder_model.onnx',
      'encoder_model_quantized.onnx',
    ]);
    expect(model.files.filter((f) => f.startsWith('onnx/'))).toHaveLength(4);
    const only = await buildWhisperModel(path.join(root, 'whisper-only'), 'test', {
      quantized: 'only',
      parts: ['encoder'],
    });
    expect(await readdir(path.join(only.dir, 'onnx'))).toEqual(['encoder_model_quantized.onnx']);
    expect(only.files).toContain('onnx/encoder_model_quantized.onnx');
    expect(only.files).not.toContain('onnx/encoder_model.onnx');
  });

  it('the quantized files keep the I/O and the float ops, and no large float MatMul remains', async () => {
    await expectQuantizedFiles(model.dir);
  });

  it('the quantized encoder follows the float one', async () => {
    const input = { input_features: f32(frames, [1, 80, 3000]) };
    const a = (await sessions.encoder_model!.run(input)).last_hidden_state!;
    const b = (await sessions.encoder_model_quantized!.run(input)).last_hidden_state!;
    expect(b.dims).toEqual([1, 1500, 64]);
    expect(cosine(a.data as Float32Array, b.data as Float32Array)).toBeGreaterThan(0.99);
  });

  it('the quantized decoder follows the float logits step by step with the KV cache', async () => {
    const hidden = (await sessions.encoder_model!.run({ input_features: f32(frames, [1, 80, 3000]) }))
      .last_hidden_state!;
    const g = model.generationConfig as { lang_to_id: Record<string, number> } & Record<string, number>;
    const tokens = [
      g.decoder_start_token_id!,
      g.lang_to_id['<|en|>']!,
      model.tokenizer.ids.transcribe,
      g.no_timestamps_token_id!,
      ...model.tokenizer.encode(' Try the Glow Serum from LiveBridge, 口红 too'),
    ];
    expect(tokens.length).toBeGreaterThan(10);
    const c = await compareDecoders(
      sessions.decoder_model_merged!,
      sessions.decoder_model_merged_quantized!,
      { layers: 2, heads: 4, headDim: 16 },
      tokens,
      { encoder_hidden_states: hidden },
    );
    expectAgreement(c, tokens.length);
    expect(c.lastPresent).toEqual([1, 4, tokens.length, 16]);
  });

  it('patchWhisperEncoderContext patches the quantized encoder, which then takes 1000 frames', async () => {
    const quantized = await readFile(onnxFile(model.dir, 'encoder_model_quantized'));
    const short = { input_features: f32(features(80, 1000), [1, 80, 1000]) };
    await expect(sessions.encoder_model_quantized!.run(short)).rejects.toThrow();
    const patched = patchWhisperEncoderContext(quantized);
    expect(patched).not.toBeNull();
    expect(largeFloatMatMuls(decodeModel(patched!))).toEqual([]);
    const floatPatched = patchWhisperEncoderContext(await readFile(onnxFile(model.dir, 'encoder_model')));
    const [q, f] = await Promise.all([
      ort.InferenceSession.create(patched!, SESSION),
      ort.InferenceSession.create(floatPatched!, SESSION),
    ]);
    try {
      const a = (await q.run(short)).last_hidden_state!;
      expect(a.dims).toEqual([1, 500, 64]);
      const b = (await f.run(short)).last_hidden_state!;
      expect(cosine(a.data as Float32Array, b.data as Float32Array)).toBeGreaterThan(0.99);
    } finally {
      await Promise.all([q.release(), f.release()]);
    }
  });
});

describe('quantized random Marian (test preset)', () => {
  let model: BuiltMarianModel;
  const sessions: Record<string, ort.InferenceSession> = {};

  beforeAll(async () => {
    model = await buildMarianModel(path.join(root, 'marian'), 'test', { words: WORDS, quantized: true });
    for (const name of FILES.flatMap((n) => [n, `${n}_quantized`])) {
      sessions[name] = await ort.InferenceSession.create(onnxFile(model.dir, name), SESSION);
    }
  });
  afterAll(async () => {
    for (const s of Object.values(sessions)) await s.release();
  });

  it('the quantized files keep the I/O and the float ops, and no large float MatMul remains', async () => {
    await expectQuantizedFiles(model.dir);
  });

  it('the quantized encoder and decoder follow the float ones, step by step with the cache', async () => {
    const words = model.wordTokenIds;
    const source = [12, 40, words[0]!, 77, words[1]!, 150, 9, model.tokenizer.eosId];
    const encoderInput = {
      input_ids: i64(source, [1, source.length]),
      attention_mask: i64(
        source.map(() => 1),
        [1, source.length],
      ),
    };
    const hidden = (await sessions.encoder_model!.run(encoderInput)).last_hidden_state!;
    const hiddenQ = (await sessions.encoder_model_quantized!.run(encoderInput)).last_hidden_state!;
    expect(cosine(hidden.data as Float32Array, hiddenQ.data as Float32Array)).toBeGreaterThan(0.99);

    const tokens = [model.tokenizer.padId, 33, words[2]!, 8, 61, words[0]!, 120, 5, 19, words[3]!, 44, 2];
    const c = await compareDecoders(
      sessions.decoder_model_merged!,
      sessions.decoder_model_merged_quantized!,
      { layers: 2, heads: 4, headDim: 16 },
      tokens,
      { encoder_hidden_states: hidden, encoder_attention_mask: encoderInput.attention_mask },
    );
    expectAgreement(c, tokens.length);
    expect(c.lastPresent).toEqual([1, 4, tokens.length, 16]);
  });
});
