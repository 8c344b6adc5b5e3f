import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attr, buildModel, encodeModel, GraphBuilder, tensorProto } from './graph-builder';
import { patchWhisperEncoderContext } from './whisper-encoder-context';

// A miniature Whisper encoder front end: conv (stride 2) -> GELU-ish -> transpose -> + positions [N, D]
// -> a per-position MatMul. N = 16 positions from 32 frames keeps it tiny; the patch does not care.
const N = 16;
const D = 8;
const MELS = 4;

interface Variant {
  /** How the positional embedding reaches the Add. */
  source?: 'initializer' | 'identity' | 'constant';
  /** Positions as the Add's first input instead of its second. */
  swapped?: boolean;
  /** Reshape targets with N baked in, as some exporters leave them. */
  bakedReshape?: 'inferable' | 'ambiguous';
  /** Positions also listed as a graph input (overridable, so not a constant). */
  positionsAsInput?: boolean;
  opset?: number;
}

function values(count: number, scale: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.sin(i * 1.7 + scale) * scale);
}

function encoder(variant: Variant = {}): Uint8Array {
  const g = new GraphBuilder('mini_whisper_encoder');
  const x = g.input('input_features', 'float32', ['batch_size', MELS, 2 * N]);
  const weight = g.initializer('conv.weight', values(D * MELS * 3, 0.3), [D, MELS, 3]);
  const bias = g.initializer('conv.bias', values(D, 0.1), [D]);
  const conv = g.op('Conv', [x, weight, bias], { kernel_shape: [3], pads: [1, 1], strides: [2] });
  const act = g.op('Mul', [conv, g.op('Sigmoid', [g.op('Mul', [conv, g.floatScalar(1.702)])])]);
  const t = g.op('Transpose', [act], { perm: [0, 2, 1] });
  const table = values(N * D, 0.5);
  let positions: string;
  if (variant.source === 'constant') {
    positions = g.op('Constant', [], { value: attr.tensor(tensorProto('pos', table, [N, D])) });
  } else {
    positions = g.initializer('embed_positions.weight', table, [N, D]);
    if (variant.positionsAsInput) g.input('embed_positions.weight_input_alias', 'float32', [N, D]);
    if (variant.source === 'identity') positions = g.op('Identity', [positions]);
  }
  let h = g.op('Add', variant.swapped ? [positions, t] : [t, positions]);
  if (variant.bakedReshape) {
    const first = variant.bakedReshape === 'inferable' ? [1, N, 2, D / 2] : [-1, N, 2, D / 2];
    h = g.op('Reshape', [h, g.int64s(first)]);
    h = g.op('Reshape', [h, g.int64s([1, N, D])]);
  }
  const proj = g.initializer('proj.weight', values(D * D, 0.2), [D, D]);
  g.op('MatMul', [h, proj], {}, { outputs: 'last_hidden_state' });
  g.output('last_hidden_state', 'float32', ['batch_size', N, D]);
  const model = buildModel(g, { opset: variant.opset ?? 17 });
  if (variant.positionsAsInput) {
    // Rename the alias so the initializer itself is a graph input (old IR-3 style).
    model.graph!.input![1]!.name = 'embed_positions.weight';
  }
  return encodeModel(model);
}

function input(frames: number): Float32Array {
  const out = new Float32Array(MELS * frames);
  for (let m = 0; m < MELS; m++) for (let f = 0; f < frames; f++) out[m * frames + f] = Math.cos(m + f * 0.3);
  return out;
}

async function run(model: Uint8Array, frames: number): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(model);
  try {
    const features = new ort.Tensor('float32', input(frames), [1, MELS, frames]);
    return (await session.run({ input_features: features })).last_hidden_state!;
  } finally {
    await session.release();
  }
}

/**
 * The patched model on 2M frames gives the original's first M - 1 rows (the last row's conv window reaches
 * past the shorter input), which shows the slice takes the first M positions.
 */
async function expectPatchedWorks(original: Uint8Array) {
  const patched = patchWhisperEncoderContext(original);
  expect(patched).not.toBeNull();
  const full = await run(original, 2 * N);
  const samePatched = await run(patched!, 2 * N);
  expect(Array.from(samePatched.data as Float32Array)).toEqual(Array.from(full.data as Float32Array));
  await expect(run(original, 20)).rejects.toThrow();
  const short = await run(patched!, 20);
  expect(short.dims).toEqual([1, 10, D]);
  const rows = 9 * D;
  const a = (short.data as Float32Array).subarray(0, rows);
  const b = (full.data as Float32Array).subarray(0, rows);
  for (let i = 0; i < rows; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
  return patched!;
}

describe('patchWhisperEncoderContext', () => {
  it('slices an initializer positional embedding to the sequence length', async () => {
    await expectPatchedWorks(encoder());
  });

  it('finds the embedding on either side of the Add, through Identity, or as a Constant node', async () => {
    await expectPatchedWorks(encoder({ swapped: true }));
    await expectPatchedWorks(encoder({ source: 'identity' }));
    await expectPatchedWorks(encoder({ source: 'constant' }));
  });

  it('frees Reshape targets that bake in the sequence length', async () => {
    await expectPatchedWorks(encoder({ bakedReshape: 'inferable' }));
    expect(patchWhisperEncoderContext(encoder({ bakedReshape: 'ambiguous' }))).toBeNull();
  });

  it('returns null, without throwing, when there is nothing safe to rewrite', () => {
    expect(patchWhisperEncoderContext(new Uint8Array([1, 2, 3, 255, 255]))).toBeNull();
    expect(patchWhisperEncoderContext(new Uint8Array())).toBeNull();
    expect(patchWhisperEncoderContext(encoder({ positionsAsInput: true }))).toBeNull();
    expect(patchWhisperEncoderContext(encoder({ opset: 10 }))).toBeNull();
    const patched = patchWhisperEncoderContext(encoder());
    expect(patchWhisperEncoderContext(patched!)).toBeNull();

    // An Add of a [N, D] constant that does not follow a conv/transpose is not the pattern.
    const g = new GraphBuilder('no_conv');
    const x = g.input('x', 'float32', [1, N, D]);
    g.op('Add', [x, g.initializer('table', values(N * D, 1), [N, D])], {}, { outputs: 'y' });
    g.output('y', 'float32', [1, N, D]);
    expect(patchWhisperEncoderContext(encodeModel(buildModel(g)))).toBeNull();

    // Nor is one behind an attention-like block, even though that block has Transposes of its own.
    const h = new GraphBuilder('behind_matmul');
    const y = h.input('x', 'float32', [1, N, D]);
    const heads = h.op('Transpose', [y], { perm: [0, 2, 1] });
    const mixed = h.op('MatMul', [
      h.op('Transpose', [heads], { perm: [0, 2, 1] }),
      h.initializer('w', values(D * D, 1), [D, D]),
    ]);
    h.op('Add', [mixed, h.initializer('table', values(N * D, 1), [N, D])], {}, { outputs: 'y' });
    h.output('y', 'float32', [1, N, D]);
    expect(patchWhisperEncoderContext(encodeModel(buildModel(h)))).toBeNull();
  });
});
