// A small typed graph builder over onnx-proto's static protobuf classes, and model read/write. It exists so
// that graph surgery at load time (see whisper-encoder-context.ts) and the random-weight test models
// (tests/support/random-models/) share one way of writing ONNX, without Python or the onnx package.
import { readFile, writeFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';

// onnx-proto is CommonJS whose exports Node's ESM loader cannot name statically, so the namespace is
// taken from the default export (a named `import { onnx }` fails at runtime under plain Node and vitest).
export const proto: typeof onnx = onnxProto.onnx;
export type { onnx };

/** The element types these helpers write; enough for transformer graphs. */
export type ElemType = 'float32' | 'int64' | 'int32' | 'bool';
/** A dimension: a number is fixed, a string is a symbolic (dynamic) dimension such as 'batch_size'. */
export type Dim = number | string;
export type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

const DATA_TYPE: Record<ElemType, number> = {
  float32: proto.TensorProto.DataType.FLOAT,
  int64: proto.TensorProto.DataType.INT64,
  int32: proto.TensorProto.DataType.INT32,
  bool: proto.TensorProto.DataType.BOOL,
};

export function dataTypeOf(type: ElemType): number {
  return DATA_TYPE[type];
}

function elemTypeOfData(data: TensorData, bool: boolean): ElemType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return 'int32';
  if (bool) return 'bool';
  throw new Error('A Uint8Array tensor is only supported as bool');
}

/** protobufjs gives int64 fields as numbers or Long objects depending on size; this reads either. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return (value as { toNumber(): number }).toNumber();
  }
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/**
 * A tensor proto with its data in raw_data (little-endian, as every platform Node runs on stores typed
 * arrays), which is what exporters write and what keeps encoding large weights a plain copy.
 */
export function tensorProto(
  name: string,
  data: TensorData,
  dims: readonly number[],
  options: { bool?: boolean } = {},
): onnx.TensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new Error(`Tensor ${name}: ${data.length} values do not fill dims [${dims.join(', ')}]`);
  }
  const type = elemTypeOfData(data, options.bool ?? false);
  return proto.TensorProto.create({
    name,
    dims: [...dims],
    dataType: DATA_TYPE[type],
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

export function valueInfo(name: string, type: ElemType, shape?: readonly Dim[] | null): onnx.ValueInfoProto {
  const tensorType: onnx.TypeProto.ITensor = { elemType: DATA_TYPE[type] };
  if (shape) {
    tensorType.shape = {
      dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
    };
  }
  return proto.ValueInfoProto.create({ name, type: { tensorType } });
}

/** Attribute values that are not plain ints, int lists or strings. */
export type AttrValue =
  | number
  | readonly number[]
  | string
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'tensor'; readonly value: onnx.ITensorProto }
  | { readonly kind: 'graph'; readonly value: GraphBuilder };

/**
 * Attribute constructors. A plain number is an INT and a plain number array INTS (the common case in
 * transformer graphs: axes, perms, strides); floats must say so, because 1.0 and 1 are the same number in
 * JavaScript but different attribute types in ONNX.
 */
export const attr = {
  float: (value: number) => ({ kind: 'float', value }) as const,
  floats: (value: readonly number[]) => ({ kind: 'floats', value }) as const,
  tensor: (value: onnx.ITensorProto) => ({ kind: 'tensor', value }) as const,
  graph: (value: GraphBuilder) => ({ kind: 'graph', value }) as const,
};

const A = proto.AttributeProto.AttributeType;

function attributeProto(name: string, value: AttrValue): onnx.IAttributeProto {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`Attribute ${name}=${value}: use attr.float for floats`);
    return { name, type: A.INT, i: value };
  }
  if (typeof value === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: A.INTS, ints: [...(value as readonly number[])] };
  const v = value as Exclude<AttrValue, number | string | readonly number[]>;
  switch (v.kind) {
    case 'float':
      return { name, type: A.FLOAT, f: v.value };
    case 'floats':
      return { name, type: A.FLOATS, floats: [...v.value] };
    case 'tensor':
      return { name, type: A.TENSOR, t: v.value };
    case 'graph':
      return { name, type: A.GRAPH, g: v.value.toProto() };
  }
}

/** Unique value names across a graph and all its subgraphs (ONNX names are one SSA namespace). */
class NameScope {
  private readonly used = new Set<string>();
  private counter = 0;
  claim(name: string): string {
    if (this.used.has(name)) throw new Error(`Duplicate ONNX value name: ${name}`);
    this.used.add(name);
    return name;
  }
  fresh(hint: string): string {
    let name: string;
    do name = `${hint}_${this.counter++}`;
    while (this.used.has(name));
    this.used.add(name);
    return name;
  }
}

export interface OpOptions {
  /** Output names; a number asks for that many fresh names. Default: one fresh output. */
  outputs?: string | readonly string[] | number;
  domain?: string;
  name?: string;
}

/**
 * Builds one ONNX graph. Subgraphs (If branches) come from subgraph(); they share the root's name scope,
 * and their initializers are stored in the root graph, so weights used by both branches of an If exist
 * once and subgraph nodes reach them as outer-scope values (which ONNX and onnxruntime allow).
 */
export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly scope: NameScope;
  private readonly root: GraphBuilder;
  private readonly constCache = new Map<string, string>();

  constructor(
    readonly name: string,
    parent?: GraphBuilder,
  ) {
    this.root = parent ? parent.root : this;
    this.scope = parent ? parent.scope : new NameScope();
  }

  subgraph(name: string): GraphBuilder {
    return new GraphBuilder(name, this);
  }

  /** Declares a graph input and returns its name. */
  input(name: string, type: ElemType, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.scope.claim(name), type, shape));
    return name;
  }

  /** Declares an existing value as a graph output (its producer must already use this name). */
  output(name: string, type: ElemType, shape?: readonly Dim[] | null): void {
    this.outputs.push(valueInfo(name, type, shape));
  }

  /** A named initializer (a weight), stored in the root graph. */
  initializer(
    name: string,
    data: TensorData,
    dims: readonly number[],
    options: { bool?: boolean } = {},
  ): string {
    const claimed = this.scope.claim(name);
    this.root.initializers.push(tensorProto(claimed, data, dims, options));
    return claimed;
  }

  /** A small constant with a generated name; identical int64/float constants are shared. */
  constant(data: TensorData, dims: readonly number[], hint = 'const'): string {
    const key =
      data.length <= 16
        ? `${data.constructor.name}:${dims.join('x')}:${Array.from(data as ArrayLike<number | bigint>, String)}`
        : null;
    const cached = key ? this.root.constCache.get(key) : undefined;
    if (cached) return cached;
    const name = this.scope.fresh(hint);
    this.root.initializers.push(tensorProto(name, data, dims));
    if (key) this.root.constCache.set(key, name);
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, starts/ends). */
  int64s(values: readonly number[]): string {
    return this.constant(
      BigInt64Array.from(values, (v) => BigInt(v)),
      [values.length],
      'i64',
    );
  }

  /** A 0-D int64 constant. */
  int64Scalar(value: number): string {
    return this.constant(BigInt64Array.of(BigInt(value)), [], 'i64');
  }

  /** A 0-D float constant. */
  floatScalar(value: number): string {
    return this.constant(Float32Array.of(value), [], 'f32');
  }

  /** Adds a node with one output and returns the output name. */
  op(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    options: OpOptions = {},
  ) {
    const outs = this.opMulti(opType, inputs, attrs, options);
    return outs[0]!;
  }

  /** Adds a node and returns all its output names. Use '' in inputs for an omitted optional input. */
  opMulti(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    options: OpOptions = {},
  ): string[] {
    const hint = opType.toLowerCase();
    let outputs: string[];
    if (typeof options.outputs === 'string') outputs = [this.scope.claim(options.outputs)];
    else if (Array.isArray(options.outputs)) {
      outputs = (options.outputs as readonly string[]).map((n) => this.scope.claim(n));
    } else {
      const count = typeof options.outputs === 'number' ? options.outputs : 1;
      outputs = Array.from({ length: count }, () => this.scope.fresh(hint));
    }
    this.nodes.push({
      opType,
      input: [...inputs],
      output: outputs,
      name: options.name ?? this.scope.fresh(`${opType}_node`),
      domain: options.domain ?? '',
      attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)),
    });
    return outputs;
  }

  toProto(): onnx.GraphProto {
    return proto.GraphProto.create({
      name: this.name,
      node: this.nodes,
      input: this.inputs,
      output: this.outputs,
      initializer: this.initializers,
    });
  }
}

export interface ModelOptions {
  /** Default-domain opset; 17 is the first with LayerNormalization. onnxruntime 1.30 runs up to 23. */
  opset?: number;
  irVersion?: number;
  producerName?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export function buildModel(graph: GraphBuilder, options: ModelOptions = {}): onnx.ModelProto {
  return proto.ModelProto.create({
    irVersion: options.irVersion ?? 8,
    opsetImport: [{ domain: '', version: options.opset ?? 17 }],
    producerName: options.producerName ?? 'livebridge-studio',
    docString: options.docString ?? '',
    graph: graph.toProto(),
    metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
}

export function encodeModel(model: onnx.IModelProto): Uint8Array {
  return proto.ModelProto.encode(model).finish();
}

/** Decodes a model; throws on bytes that are not an ONNX ModelProto. */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  return proto.ModelProto.decode(bytes);
}

export async function readModel(file: string): Promise<onnx.ModelProto> {
  return decodeModel(await readFile(file));
}

export async function writeModel(file: string, model: onnx.IModelProto): Promise<void> {
  await writeFile(file, encodeModel(model));
}

/** The default-domain opset version a model imports (0 when it imports none). */
export function defaultOpset(model: onnx.IModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? toNumber(entry.version) : 0;
}
