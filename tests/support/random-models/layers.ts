// Transformer building blocks shared by the Whisper and Marian graphs (both are BART-family seq2seq
// models: the same attention and the same merged decoder with a KV cache; they differ in layer-norm
// placement, activation, embedding scale, positions and biases). Weights are named like the PyTorch
// parameters they stand for, stored as [in, out] matrices for MatMul as the exporters store them.
import { attr, tensorProto, type Dim, type GraphBuilder } from '../../../main/captions/onnx/graph-builder';
import { Weights } from './weights';

/** float32's lowest value: what Hugging Face adds to masked attention scores. */
export const MASK_VALUE = -3.4028234663852886e38;

export interface Ctx {
  g: GraphBuilder;
  w: Weights;
}

export function linear(
  ctx: Ctx,
  x: string,
  name: string,
  inDim: number,
  outDim: number,
  bias = true,
): string {
  const { g, w } = ctx;
  const weight = g.initializer(`${name}.weight`, w.normal(`${name}.weight`, inDim * outDim), [inDim, outDim]);
  const y = g.op('MatMul', [x, weight]);
  if (!bias) return y;
  const b = g.initializer(`${name}.bias`, w.normal(`${name}.bias`, outDim), [outDim]);
  return g.op('Add', [y, b]);
}

/** LayerNorm with gamma 1 and beta 0, as freshly initialised PyTorch modules are. */
export function layerNorm(ctx: Ctx, x: string, name: string, dim: number, output?: string): string {
  const { g } = ctx;
  const gamma = g.initializer(`${name}.weight`, Weights.ones(dim), [dim]);
  const beta = g.initializer(`${name}.bias`, Weights.zeros(dim), [dim]);
  return g.op(
    'LayerNormalization',
    [x, gamma, beta],
    { axis: -1, epsilon: attr.float(1e-5) },
    output ? { outputs: output } : {},
  );
}

/** Exact (erf) GELU, the form torch exports and onnxruntime fuses back into one Gelu kernel. */
export function gelu(ctx: Ctx, x: string): string {
  const { g } = ctx;
  const erf = g.op('Erf', [g.op('Div', [x, g.floatScalar(Math.SQRT2)])]);
  return g.op('Mul', [g.op('Mul', [x, g.op('Add', [erf, g.floatScalar(1)])]), g.floatScalar(0.5)]);
}

/** swish / SiLU: x * sigmoid(x) (Marian's activation_function). */
export function swish(ctx: Ctx, x: string): string {
  return ctx.g.op('Mul', [x, ctx.g.op('Sigmoid', [x])]);
}

/** [b, s, d] -> [b, heads, s, headDim]. */
export function splitHeads(ctx: Ctx, x: string, heads: number, headDim: number, output?: string): string {
  const { g } = ctx;
  const r = g.op('Reshape', [x, g.int64s([0, 0, heads, headDim])]);
  return g.op('Transpose', [r], { perm: [0, 2, 1, 3] }, output ? { outputs: output } : {});
}

/** [b, heads, s, headDim] -> [b, s, d]. */
export function mergeHeads(ctx: Ctx, x: string, d: number): string {
  const { g } = ctx;
  return g.op('Reshape', [g.op('Transpose', [x], { perm: [0, 2, 1, 3] }), g.int64s([0, 0, d])]);
}

/** softmax(q k^T + mask) v, q already scaled. */
export function attend(ctx: Ctx, q: string, k: string, v: string, mask: string | null): string {
  const { g } = ctx;
  let scores = g.op('MatMul', [q, g.op('Transpose', [k], { perm: [0, 1, 3, 2] })]);
  if (mask) scores = g.op('Add', [scores, mask]);
  return g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), v]);
}

export interface AttentionSpec {
  d: number;
  heads: number;
  /** Whisper's k_proj has no bias. */
  kBias: boolean;
}

/** The query projection, scaled by headDim^-0.5 after the bias as Hugging Face does. */
export function query(ctx: Ctx, x: string, name: string, spec: AttentionSpec): string {
  const headDim = spec.d / spec.heads;
  const q = ctx.g.op('Mul', [
    linear(ctx, x, `${name}.q_proj`, spec.d, spec.d),
    ctx.g.floatScalar(headDim ** -0.5),
  ]);
  return splitHeads(ctx, q, spec.heads, headDim);
}

export function keyValue(
  ctx: Ctx,
  x: string,
  name: string,
  spec: AttentionSpec,
  outputs?: { key: string; value: string },
): { key: string; value: string } {
  const headDim = spec.d / spec.heads;
  const k = linear(ctx, x, `${name}.k_proj`, spec.d, spec.d, spec.kBias);
  const v = linear(ctx, x, `${name}.v_proj`, spec.d, spec.d);
  return {
    key: splitHeads(ctx, k, spec.heads, headDim, outputs?.key),
    value: splitHeads(ctx, v, spec.heads, headDim, outputs?.value),
  };
}

export function attentionOut(ctx: Ctx, heads: string, name: string, d: number): string {
  return linear(ctx, mergeHeads(ctx, heads, d), `${name}.out_proj`, d, d);
}

export interface LayerSpec extends AttentionSpec {
  ffn: number;
  /** 'pre': Whisper (LN before each block); 'post': Marian/BART (LN after each residual add). */
  norm: 'pre' | 'post';
  activation: 'gelu' | 'swish';
}

/** Wraps a block in its residual connection and layer norm, in the layer's norm order. */
export function residual(
  ctx: Ctx,
  h: string,
  norm: string,
  spec: LayerSpec,
  block: (x: string) => string,
): string {
  const { g } = ctx;
  if (spec.norm === 'pre') return g.op('Add', [h, block(layerNorm(ctx, h, norm, spec.d))]);
  return layerNorm(ctx, g.op('Add', [h, block(h)]), norm, spec.d);
}

export function feedForward(ctx: Ctx, x: string, name: string, spec: LayerSpec): string {
  const hidden = linear(ctx, x, `${name}.fc1`, spec.d, spec.ffn);
  const act = spec.activation === 'gelu' ? gelu(ctx, hidden) : swish(ctx, hidden);
  return linear(ctx, act, `${name}.fc2`, spec.ffn, spec.d);
}

/** One encoder layer: self-attention (with an additive key mask or none), then the feed-forward block. */
export function encoderLayer(
  ctx: Ctx,
  h: string,
  name: string,
  spec: LayerSpec,
  mask: string | null,
): string {
  const afterAttention = residual(ctx, h, `${name}.self_attn_layer_norm`, spec, (x) => {
    const q = query(ctx, x, `${name}.self_attn`, spec);
    const { key, value } = keyValue(ctx, x, `${name}.self_attn`, spec);
    return attentionOut(ctx, attend(ctx, q, key, value, mask), `${name}.self_attn`, spec.d);
  });
  return residual(ctx, afterAttention, `${name}.final_layer_norm`, spec, (x) =>
    feedForward(ctx, x, name, spec),
  );
}

export interface DecoderSpec extends LayerSpec {
  layers: number;
  vocab: number;
  /** Token embedding [vocab, d], tied to the output projection. */
  embedTokens: Float32Array;
  embedName: string;
  /** Multiplies the token embedding (Marian: sqrt(d)). */
  embedScale: number;
  /** Position table [maxPositions, d] (learned for Whisper, sinusoidal for Marian). */
  positions: Float32Array;
  positionsName: string;
  maxPositions: number;
  /** Whisper ends the decoder with a LayerNorm. */
  finalLayerNorm: boolean;
  /** Marian's final_logits_bias [vocab]. */
  finalLogitsBias: Float32Array | null;
  /** Marian's decoder takes encoder_attention_mask. */
  encoderMask: boolean;
  /**
   * What the cached branch returns as present.*.encoder.*: 'passthrough' returns the past inputs, 'empty'
   * returns [0, heads, 1, headDim] constants, as Optimum's merged exports do (callers must then keep the
   * first step's encoder K/V themselves).
   */
  cachedEncoderPresent: 'passthrough' | 'empty';
}

const PAST = (i: number, part: string) => `past_key_values.${i}.${part}`;
const PRESENT = (i: number, part: string) => `present.${i}.${part}`;

/**
 * The merged decoder in the Hugging Face/Optimum I/O layout. An If on use_cache_branch chooses where the
 * cross-attention K/V come from: computed from encoder_hidden_states (first step) or taken from the past
 * inputs (later steps), so cached steps do not recompute them. The self-attention cache is the past
 * concatenated with the new tokens' K/V in both cases (a zero-length past on the first step), and the
 * positions start at the past length.
 */
export function buildMergedDecoder(ctx: Ctx, spec: DecoderSpec): void {
  const { g } = ctx;
  const headDim = spec.d / spec.heads;
  const pastDims: Dim[] = ['batch_size', spec.heads, 'past_decoder_sequence_length', headDim];
  const encPastDims: Dim[] = ['batch_size', spec.heads, 'encoder_sequence_length_out', headDim];
  const encMaskInput = spec.encoderMask
    ? g.input('encoder_attention_mask', 'int64', ['batch_size', 'encoder_sequence_length'])
    : null;
  const ids = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  const encoderHidden = g.input('encoder_hidden_states', 'float32', [
    'batch_size',
    'encoder_sequence_length',
    spec.d,
  ]);
  for (let i = 0; i < spec.layers; i++) {
    g.input(PAST(i, 'decoder.key'), 'float32', pastDims);
    g.input(PAST(i, 'decoder.value'), 'float32', pastDims);
    g.input(PAST(i, 'encoder.key'), 'float32', encPastDims);
    g.input(PAST(i, 'encoder.value'), 'float32', encPastDims);
  }
  const useCache = g.input('use_cache_branch', 'bool', [1]);

  // The If's outputs: per layer the cross-attention K/V the layers read (and, with 'empty', a second set
  // for present.*.encoder.*). Branch outputs pair up with the If's outputs by position.
  const withPast = g.subgraph('with_past');
  const noPast = g.subgraph('no_past');
  const ifOutputs: string[] = [];
  const crossK: string[] = [];
  const crossV: string[] = [];
  const computed: { key: string; value: string }[] = [];
  const empty = spec.cachedEncoderPresent === 'empty';
  for (let i = 0; i < spec.layers; i++) {
    for (const part of ['key', 'value'] as const) {
      withPast.output(withPast.op('Identity', [PAST(i, `encoder.${part}`)]), 'float32', null);
    }
    const kv = keyValue(
      { g: noPast, w: ctx.w },
      encoderHidden,
      `model.decoder.layers.${i}.encoder_attn`,
      spec,
    );
    noPast.output(kv.key, 'float32', null);
    noPast.output(kv.value, 'float32', null);
    computed.push(kv);
    // With 'empty', the K/V the layers use are internal values and present.* is a second set of outputs.
    const [key, value] = empty
      ? [`model.decoder.layers.${i}.encoder_attn.key`, `model.decoder.layers.${i}.encoder_attn.value`]
      : [PRESENT(i, 'encoder.key'), PRESENT(i, 'encoder.value')];
    ifOutputs.push(key, value);
    crossK.push(key);
    crossV.push(value);
  }
  if (empty) {
    for (let i = 0; i < spec.layers; i++) {
      for (const part of ['key', 'value'] as const) {
        const placeholder = withPast.op('ConstantOfShape', [withPast.int64s([0, spec.heads, 1, headDim])], {
          value: attr.tensor(tensorProto('value', Float32Array.of(0), [1])),
        });
        withPast.output(placeholder, 'float32', null);
        noPast.output(noPast.op('Identity', [computed[i]![part]]), 'float32', null);
        ifOutputs.push(PRESENT(i, `encoder.${part}`));
      }
    }
  }
  g.opMulti(
    'If',
    [useCache],
    { then_branch: attr.graph(withPast), else_branch: attr.graph(noPast) },
    { outputs: ifOutputs },
  );

  // Positions start at the past length; the mask lets new token t see the past and new tokens <= t.
  const pastLen = g.op('Shape', [PAST(0, 'decoder.key')], { start: 2, end: 3 });
  const seqLen = g.op('Shape', [ids], { start: 1, end: 2 });
  const totalLen = g.op('Add', [pastLen, seqLen]);
  const positions = g.initializer(spec.positionsName, spec.positions, [spec.maxPositions, spec.d]);
  const pos = g.op('Slice', [positions, pastLen, totalLen, g.int64s([0])]);
  const embed = g.initializer(spec.embedName, spec.embedTokens, [spec.vocab, spec.d]);
  let tokens = g.op('Gather', [embed, ids], { axis: 0 });
  if (spec.embedScale !== 1) tokens = g.op('Mul', [tokens, g.floatScalar(spec.embedScale)]);
  let h = g.op('Add', [tokens, pos]);

  const zero = g.int64Scalar(0);
  const one = g.int64Scalar(1);
  const rows = g.op('Add', [
    g.op('Range', [zero, g.op('Squeeze', [seqLen]), one]),
    g.op('Squeeze', [pastLen]),
  ]);
  const cols = g.op('Range', [zero, g.op('Squeeze', [totalLen]), one]);
  const allowed = g.op('LessOrEqual', [
    g.op('Unsqueeze', [cols, g.int64s([0])]),
    g.op('Unsqueeze', [rows, g.int64s([1])]),
  ]);
  const causal = g.op('Where', [allowed, g.floatScalar(0), g.floatScalar(MASK_VALUE)]);
  const crossMask = encMaskInput ? keyMask(ctx, encMaskInput) : null;

  for (let i = 0; i < spec.layers; i++) {
    const name = `model.decoder.layers.${i}`;
    h = residual(ctx, h, `${name}.self_attn_layer_norm`, spec, (x) => {
      const q = query(ctx, x, `${name}.self_attn`, spec);
      const kv = keyValue(ctx, x, `${name}.self_attn`, spec);
      const key = g.op(
        'Concat',
        [PAST(i, 'decoder.key'), kv.key],
        { axis: 2 },
        { outputs: PRESENT(i, 'decoder.key') },
      );
      const value = g.op(
        'Concat',
        [PAST(i, 'decoder.value'), kv.value],
        { axis: 2 },
        {
          outputs: PRESENT(i, 'decoder.value'),
        },
      );
      return attentionOut(ctx, attend(ctx, q, key, value, causal), `${name}.self_attn`, spec.d);
    });
    h = residual(ctx, h, `${name}.encoder_attn_layer_norm`, spec, (x) => {
      const q = query(ctx, x, `${name}.encoder_attn`, spec);
      return attentionOut(
        ctx,
        attend(ctx, q, crossK[i]!, crossV[i]!, crossMask),
        `${name}.encoder_attn`,
        spec.d,
      );
    });
    h = residual(ctx, h, `${name}.final_layer_norm`, spec, (x) => feedForward(ctx, x, name, spec));
  }
  if (spec.finalLayerNorm) h = layerNorm(ctx, h, 'model.decoder.layer_norm', spec.d);

  // The tied output projection as the exporters write it: MatMul with a transposed copy of the embedding
  // (the same values, stored [d, vocab]), which onnxruntime pre-packs; a Gemm with transB on the embedding
  // itself would save the copy but repacks it on every step, about three times slower.
  const projection = g.initializer(
    `${spec.embedName}.transposed`,
    transpose(spec.embedTokens, spec.vocab, spec.d),
    [spec.d, spec.vocab],
  );
  if (spec.finalLogitsBias) {
    const bias = g.initializer('final_logits_bias', spec.finalLogitsBias, [1, spec.vocab]);
    g.op('Add', [g.op('MatMul', [h, projection]), bias], {}, { outputs: 'logits' });
  } else {
    g.op('MatMul', [h, projection], {}, { outputs: 'logits' });
  }

  g.output('logits', 'float32', ['batch_size', 'decoder_sequence_length', spec.vocab]);
  const presentDims: Dim[] = [
    'batch_size',
    spec.heads,
    'past_decoder_sequence_length + decoder_sequence_length',
    headDim,
  ];
  for (let i = 0; i < spec.layers; i++) {
    g.output(PRESENT(i, 'decoder.key'), 'float32', presentDims);
    g.output(PRESENT(i, 'decoder.value'), 'float32', presentDims);
    g.output(PRESENT(i, 'encoder.key'), 'float32', encPastDims);
    g.output(PRESENT(i, 'encoder.value'), 'float32', encPastDims);
  }
}

/** An additive key mask [b, 1, 1, s] from a 0/1 int64 attention mask [b, s]. */
export function keyMask(ctx: Ctx, mask: string): string {
  const { g } = ctx;
  const inverted = g.op('Sub', [g.floatScalar(1), g.op('Cast', [mask], { to: 1 })]);
  return g.op('Unsqueeze', [g.op('Mul', [inverted, g.floatScalar(MASK_VALUE)]), g.int64s([1, 2])]);
}

/** A row-major [rows, cols] matrix transposed to [cols, rows], in cache-sized blocks. */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  const block = 64;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = Math.min(cols, c0 + block);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * rows + r] = data[r * cols + c]!;
      }
    }
  }
  return out;
}
