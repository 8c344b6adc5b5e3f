import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  attr,
  buildModel,
  decodeModel,
  defaultOpset,
  encodeModel,
  GraphBuilder,
  readModel,
  tensorProto,
  toNumber,
  writeModel,
} from './graph-builder';

/** y = If(cond) then x * w else x + w, with w an initializer of the outer graph used inside both branches. */
function ifModel() {
  const g = new GraphBuilder('if_test');
  const x = g.input('x', 'float32', ['batch', 3]);
  const cond = g.input('cond', 'bool', [1]);
  const w = g.initializer('w', Float32Array.of(2, 3, 4), [3]);
  const thenBranch = g.subgraph('then');
  thenBranch.output(thenBranch.op('Mul', [x, w]), 'float32', null);
  const elseBranch = g.subgraph('else');
  elseBranch.output(elseBranch.op('Add', [x, w]), 'float32', null);
  g.opMulti(
    'If',
    [cond],
    { then_branch: attr.graph(thenBranch), else_branch: attr.graph(elseBranch) },
    {
      outputs: ['y'],
    },
  );
  g.output('y', 'float32', ['batch', 3]);
  return buildModel(g);
}

describe('GraphBuilder', () => {
  it('builds a model with an If whose branches use an outer initializer, and onnxruntime runs it', async () => {
    const session = await ort.InferenceSession.create(encodeModel(ifModel()));
    const x = new ort.Tensor('float32', Float32Array.of(1, 1, 1, 2, 2, 2), [2, 3]);
    const run = async (cond: boolean) =>
      Array.from(
        (await session.run({ x, cond: new ort.Tensor('bool', Uint8Array.of(cond ? 1 : 0), [1]) })).y!
          .data as Float32Array,
      );
    expect(await run(true)).toEqual([2, 3, 4, 4, 6, 8]);
    expect(await run(false)).toEqual([3, 4, 5, 4, 5, 6]);
    await session.release();
  });

  it('writes int64 and float attributes, shares small constants, and runs LayerNormalization', async () => {
    const g = new GraphBuilder('ln');
    const x = g.input('x', 'float32', [1, 4]);
    const scratch = new GraphBuilder('scratch');
    expect(scratch.int64s([0, 1])).toBe(scratch.int64s([0, 1]));
    expect(scratch.int64s([0, 1])).not.toBe(scratch.int64s([1, 0]));
    const gamma = g.initializer('gamma', Float32Array.of(1, 1, 1, 1), [4]);
    const beta = g.initializer('beta', Float32Array.of(0, 0, 0, 0), [4]);
    g.op('LayerNormalization', [x, gamma, beta], { axis: -1, epsilon: attr.float(1e-5) }, { outputs: 'y' });
    g.output('y', 'float32', [1, 4]);
    const session = await ort.InferenceSession.create(encodeModel(buildModel(g, { opset: 17 })));
    const y = (await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [1, 4]) })).y!;
    const values = Array.from(y.data as Float32Array);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    expect(values[3]).toBeCloseTo(1.3416, 3);
    await session.release();
  });

  it('rejects mistakes early: float attributes without attr.float, duplicate names, short data', () => {
    const g = new GraphBuilder('bad');
    const x = g.input('x', 'float32', [1]);
    expect(() => g.op('Elu', [x], { alpha: 0.5 })).toThrow(/attr\.float/);
    expect(() => g.input('x', 'float32', [1])).toThrow(/Duplicate/);
    expect(() => tensorProto('t', new Float32Array(3), [2, 2])).toThrow(/do not fill/);
  });

  it('round-trips through bytes and files', async () => {
    const model = ifModel();
    const decoded = decodeModel(encodeModel(model));
    expect(defaultOpset(decoded)).toBe(17);
    expect(decoded.graph?.input?.map((i) => i.name)).toEqual(['x', 'cond']);
    expect(decoded.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam).toBe('batch');
    expect(toNumber(decoded.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[1]?.dimValue)).toBe(3);
    const w = decoded.graph?.initializer?.find((t) => t.name === 'w');
    expect(w?.dims?.map(toNumber)).toEqual([3]);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'graph-builder-'));
    try {
      const file = path.join(dir, 'm.onnx');
      await writeModel(file, model);
      const read = await readModel(file);
      expect(read.graph?.node?.[0]?.opType).toBe('If');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('toNumber reads the number, bigint and Long forms of int64 fields', () => {
    expect(toNumber(5)).toBe(5);
    expect(toNumber(5n)).toBe(5);
    expect(toNumber({ toNumber: () => 7 })).toBe(7);
    expect(toNumber(undefined)).toBe(0);
  });
});
