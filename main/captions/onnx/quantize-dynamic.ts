// Int8 dynamic quantization of MatMul weights, in the form onnxruntime's quantize_dynamic writes (the
// `*_quantized.onnx` files of the Hugging Face Whisper and Opus-MT repos), without Python. On small CPUs
// the decoders are memory-bound on their weight matrices, above all the [d, vocab] output projection, so
// reading a quarter of the bytes is most of the speed-up.
//
// Each MatMul whose B is a large float initializer becomes
//   DynamicQuantizeLinear(A) -> MatMulInteger(A_q, B_q, A_zp, B_zp) -> Cast(float) -> Mul(A_scale * B_scale)
// with B quantized offline, per tensor. onnxruntime's graph optimizer (level 'extended' and above, the
// default 'all' included) fuses that chain, and a constant bias Add after it, into one
// MatMulIntegerToFloat kernel with B pre-packed, and where A's quantization feeds a single MatMul also
// folds in the DynamicQuantizeLinear (DynamicQuantizeMatMul). The fusion maps the scale Mul's first input
// to A's scale and its second to B's, so that order matters.
import { decodeModel, defaultOpset, proto, toNumber, type onnx } from './graph-builder';

/**
 * 'int8' (the default, as in quantize_dynamic): symmetric int8 weights, zero point 0, [-127, 127]. With
 * the uint8 activations DynamicQuantizeLinear produces, that is MLAS's u8s8 GEMM, its fastest x86 path
 * (VNNI and AMX multiply u8 by s8 natively) and no slower on ARM64. 'uint8': asymmetric uint8 weights
 * (u8u8), the choice for CPUs without VNNI where u8s8's 16-bit intermediate sums can saturate, and what
 * ConvInteger needs (not used here: convolutions stay float). Measured on a 2-core Sapphire Rapids (AMX)
 * with 2 threads: int8 runs the Whisper-base encoder 2.3x faster than uint8, while single-token decoder
 * steps were 10-25% faster with uint8 there (its AMX u8s8 path gains nothing on one row).
 */
export type WeightType = 'int8' | 'uint8';

export interface QuantizeDynamicOptions {
  weightType?: WeightType;
  /**
   * 7-bit weights ([-64, 64] or [0, 127]), quantize_dynamic's reduce_range: avoids u8s8 saturation on
   * AVX2/AVX-512 CPUs without VNNI, at some accuracy cost. Default false.
   */
  reduceRange?: boolean;
  /**
   * The smallest B (in elements) worth quantizing (default 4096, a 64x64 matrix). Smaller ones cost more
   * in the extra quantize/rescale nodes than they save in bytes.
   */
  minElements?: number;
  /** Node names (or, for unnamed nodes, first output names) left in float. */
  exclude?: readonly string[];
}

const T = proto.TensorProto.DataType;
const INT = proto.AttributeProto.AttributeType.INT;
const EXTERNAL = proto.TensorProto.DataLocation.EXTERNAL;

/** The names of a quantized tensor, its scale and its zero point. */
interface Quantized {
  data: string;
  scale: string;
  zeroPoint: string;
}

/** One graph being rewritten, with the scope its nodes see. */
interface Scope {
  parent: Scope | null;
  initializers: Map<string, onnx.ITensorProto>;
  /** Graph inputs: an initializer that is also an input can be overridden by the caller: not a constant. */
  inputs: Set<string>;
  /** Values this graph's nodes produce (valid ONNX shadows no outer name, but they are not initializers). */
  produced: Set<string>;
  /** Quantized weights to add to this graph's initializers, and the names they got, by float original. */
  added: onnx.ITensorProto[];
  quantized: Map<onnx.ITensorProto, Quantized>;
  /** Float initializers of this graph that were quantized: dropped at the end unless still read. */
  replaced: Set<string>;
}

/**
 * Returns an int8-quantized copy of a model (decoded from bytes when given bytes). The input is not
 * modified; the copy shares the tensors it leaves alone with it. Graph inputs and outputs keep their names,
 * types and shapes. MatMuls inside If/Loop/Scan subgraphs are quantized too; a weight they read from an
 * enclosing graph is quantized once, in the graph that declared it. Gather (embeddings), Conv,
 * LayerNormalization, biases and every other node stay float.
 */
export function quantizeDynamic(
  model: onnx.IModelProto | Uint8Array,
  options: QuantizeDynamicOptions = {},
): onnx.ModelProto {
  const source = model instanceof Uint8Array ? decodeModel(model) : model;
  if (!source.graph) throw new Error('quantizeDynamic: the model has no graph');
  const opset = defaultOpset(source);
  if (opset < 11) {
    throw new Error(
      `quantizeDynamic: DynamicQuantizeLinear needs opset 11 or later (the model imports ${opset})`,
    );
  }
  const settings = {
    weightType: options.weightType ?? 'int8',
    reduceRange: options.reduceRange ?? false,
    minElements: options.minElements ?? 4096,
    exclude: new Set(options.exclude ?? []),
  };
  const names = new UniqueNames(source.graph);
  const built: { graph: onnx.GraphProto; scope: Scope }[] = [];

  const resolveInitializer = (scope: Scope, name: string) => {
    for (let s: Scope | null = scope; s; s = s.parent) {
      if (s.produced.has(name)) return null;
      const tensor = s.initializers.get(name);
      if (tensor) return s.inputs.has(name) ? null : { tensor, owner: s };
      if (s.inputs.has(name)) return null;
    }
    return null;
  };

  const quantizedWeight = (tensor: onnx.ITensorProto, owner: Scope): Quantized | null => {
    const known = owner.quantized.get(tensor);
    if (known) return known;
    const values = floatValues(tensor);
    if (!values) return null;
    const q = quantizeValues(values, settings.weightType, settings.reduceRange);
    const base = tensor.name ?? 'weight';
    const qType = settings.weightType === 'int8' ? T.INT8 : T.UINT8;
    const result: Quantized = {
      data: names.fresh(`${base}_quantized`),
      scale: names.fresh(`${base}_scale`),
      zeroPoint: names.fresh(`${base}_zero_point`),
    };
    owner.added.push(
      proto.TensorProto.create({
        name: result.data,
        dims: (tensor.dims ?? []).map(toNumber),
        dataType: qType,
        rawData: new Uint8Array(q.data.buffer, q.data.byteOffset, q.data.byteLength),
      }),
      scalarTensor(result.scale, T.FLOAT, new Uint8Array(Float32Array.of(q.scale).buffer)),
      scalarTensor(result.zeroPoint, qType, Uint8Array.of(q.zeroPoint & 0xff)),
    );
    owner.replaced.add(base);
    owner.quantized.set(tensor, result);
    return result;
  };

  const isLargeFloatMatrix = (tensor: onnx.ITensorProto) => {
    const dims = (tensor.dims ?? []).map(toNumber);
    return (
      tensor.dataType === T.FLOAT &&
      dims.length === 2 &&
      dims[0]! * dims[1]! >= settings.minElements &&
      tensor.dataLocation !== EXTERNAL
    );
  };

  const rewriteGraph = (graph: onnx.IGraphProto, parent: Scope | null): onnx.GraphProto => {
    const scope: Scope = {
      parent,
      initializers: new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t])),
      inputs: new Set((graph.input ?? []).map((i) => i.name ?? '')),
      produced: new Set((graph.node ?? []).flatMap((n) => n.output ?? [])),
      added: [],
      quantized: new Map(),
      replaced: new Set(),
    };
    // One DynamicQuantizeLinear per activation and graph, emitted before its first consumer (nodes are in
    // topological order, so the activation exists there), as quantize_dynamic shares them.
    const activations = new Map<string, Quantized>();
    const nodes: onnx.INodeProto[] = [];
    for (const original of graph.node ?? []) {
      const node = rewriteSubgraphs(original, scope);
      const inputs = node.input ?? [];
      const output = node.output?.[0];
      const excluded = settings.exclude.has(node.name || output || '');
      const isMatMul = node.opType === 'MatMul' && (!node.domain || node.domain === 'ai.onnx');
      const b =
        isMatMul && !excluded && inputs.length === 2 && output ? resolveInitializer(scope, inputs[1]!) : null;
      const weight = b && isLargeFloatMatrix(b.tensor) ? quantizedWeight(b.tensor, b.owner) : null;
      if (!weight || !output) {
        nodes.push(node);
        continue;
      }
      const a = inputs[0]!;
      let act = activations.get(a);
      if (!act) {
        act = {
          data: names.fresh(`${a}_quantized`),
          scale: names.fresh(`${a}_scale`),
          zeroPoint: names.fresh(`${a}_zero_point`),
        };
        activations.set(a, act);
        nodes.push({
          opType: 'DynamicQuantizeLinear',
          name: names.fresh(`${a}_DynamicQuantizeLinear`),
          domain: '',
          input: [a],
          output: [act.data, act.scale, act.zeroPoint],
        });
      }
      const base = node.name || output;
      const integer = names.fresh(`${output}_output_quantized`);
      const cast = names.fresh(`${output}_output_quantized_cast`);
      const scales = names.fresh(`${output}_scales_mul`);
      nodes.push(
        {
          opType: 'MatMulInteger',
          name: names.fresh(`${base}_quant`),
          domain: '',
          input: [act.data, weight.data, act.zeroPoint, weight.zeroPoint],
          output: [integer],
        },
        {
          opType: 'Cast',
          name: names.fresh(`${base}_quant_cast`),
          domain: '',
          input: [integer],
          output: [cast],
          attribute: [{ name: 'to', type: INT, i: T.FLOAT }],
        },
        {
          opType: 'Mul',
          name: names.fresh(`${base}_quant_scales_mul`),
          domain: '',
          input: [act.scale, weight.scale],
          output: [scales],
        },
        // The original output name, so consumers, graph outputs and value_info stay valid.
        {
          opType: 'Mul',
          name: names.fresh(`${base}_quant_output_scale_mul`),
          domain: '',
          input: [cast, scales],
          output: [output],
        },
      );
    }
    const rewritten = Object.assign(proto.GraphProto.create(), graph, {
      node: nodes,
      // scope.added is complete here: subgraphs, which add to enclosing scopes, were rewritten in the loop.
      initializer: [...(graph.initializer ?? []), ...scope.added],
    });
    built.push({ graph: rewritten, scope });
    return rewritten;
  };

  const rewriteSubgraphs = (node: onnx.INodeProto, scope: Scope): onnx.INodeProto => {
    const attributes = node.attribute ?? [];
    if (!attributes.some((a) => a.g || (a.graphs ?? []).length > 0)) return node;
    return Object.assign(proto.NodeProto.create(), node, {
      attribute: attributes.map((a) => {
        if (!a.g && (a.graphs ?? []).length === 0) return a;
        return Object.assign(proto.AttributeProto.create(), a, {
          g: a.g ? rewriteGraph(a.g, scope) : a.g,
          graphs: (a.graphs ?? []).map((g) => rewriteGraph(g, scope)),
        });
      }),
    });
  };

  const graph = rewriteGraph(source.graph, null);
  // Drop the float originals nothing reads any more (a weight can also feed a non-MatMul node, or a
  // MatMul that was excluded, and then both copies stay).
  const read = new Set<string>();
  for (const { graph: g } of built) {
    for (const node of g.node ?? []) for (const input of node.input ?? []) read.add(input);
    for (const output of g.output ?? []) read.add(output.name ?? '');
  }
  for (const { graph: g, scope } of built) {
    if (scope.replaced.size === 0) continue;
    g.initializer = g.initializer.filter(
      (t) => !(scope.replaced.has(t.name ?? '') && !read.has(t.name ?? '')),
    );
  }
  return Object.assign(proto.ModelProto.create(), source, { graph });
}

/**
 * Per-tensor quantization parameters from the weights' range, as quantize_dynamic computes them: the
 * range is widened to include 0; int8 is symmetric (zero point 0), uint8 asymmetric; values are rounded
 * half to even (numpy's round) and clipped to the type's range.
 */
export function quantizeValues(
  values: Float32Array,
  type: WeightType,
  reduceRange = false,
): { data: Int8Array | Uint8Array; scale: number; zeroPoint: number } {
  let min = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  let qmin: number;
  let qmax: number;
  if (type === 'int8') {
    [qmin, qmax] = reduceRange ? [-64, 64] : [-127, 127];
    const absMax = Math.max(-min, max);
    min = -absMax;
    max = absMax;
  } else {
    [qmin, qmax] = reduceRange ? [0, 127] : [0, 255];
  }
  // Stored as float32, so the quantization divides by the float32 value the runtime will multiply by. An
  // all-zero tensor gets scale 1 and zero point 0; a symmetric range has its zero point mid-range (0).
  const range = max - min;
  const scale = range > 0 ? Math.fround(range / (qmax - qmin)) : 1;
  const zeroPoint =
    range === 0
      ? 0
      : type === 'int8'
        ? Math.round((qmin + qmax) / 2)
        : Math.min(qmax, Math.max(qmin, roundHalfEven(qmin - min / scale)));
  const data = type === 'int8' ? new Int8Array(values.length) : new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = roundHalfEven(values[i]! / scale) + zeroPoint;
    data[i] = q < qmin ? qmin : q > qmax ? qmax : q;
  }
  return { data, scale, zeroPoint };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round takes halves up; a half that landed on an odd number goes back down to the even one.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function scalarTensor(name: string, dataType: number, rawData: Uint8Array): onnx.TensorProto {
  return proto.TensorProto.create({ name, dims: [], dataType, rawData });
}

/** A float tensor's values (raw_data little-endian, or float_data), or null when it holds none inline. */
function floatValues(tensor: onnx.ITensorProto): Float32Array | null {
  const count = (tensor.dims ?? []).map(toNumber).reduce((a, b) => a * b, 1);
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * 4) return null;
    // Decoded bytes are a view into the file's buffer, at any offset; a Float32Array needs 4-byte alignment.
    // (The Uint8Array constructor copies; Buffer's slice would not.)
    if (raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, count);
    return new Float32Array(new Uint8Array(raw).buffer);
  }
  const floats = tensor.floatData ?? [];
  return floats.length === count && count > 0 ? Float32Array.from(floats) : null;
}

/** Every name in the model (values and nodes, all graphs), so new names can be made unique. */
class UniqueNames {
  private readonly used = new Set<string>();

  constructor(graph: onnx.IGraphProto) {
    this.collect(graph);
  }

  private collect(graph: onnx.IGraphProto): void {
    for (const v of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) {
      this.used.add(v.name ?? '');
    }
    for (const t of graph.initializer ?? []) this.used.add(t.name ?? '');
    for (const node of graph.node ?? []) {
      this.used.add(node.name ?? '');
      for (const n of [...(node.input ?? []), ...(node.output ?? [])]) this.used.add(n);
      for (const a of node.attribute ?? []) {
        if (a.g) this.collect(a.g);
        for (const g of a.graphs ?? []) this.collect(g);
      }
    }
  }

  fresh(hint: string): string {
    let name = hint;
    for (let i = 1; this.used.has(name); i++) name = `${hint}_${i}`;
    this.used.add(name);
    return name;
  }
}
