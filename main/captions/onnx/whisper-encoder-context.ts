// Lets a Hugging Face Whisper encoder export run on less than 30 s of audio. The export adds the learned
// positional embedding (an initializer [max_source_positions=1500, d_model]) to the conv output, so any
// input other than 3000 mel frames fails to broadcast. Slicing that embedding to the actual sequence
// length (Shape -> Gather -> Slice in front of the Add) makes the encoder accept any even frame count up
// to 3000, and its cost then scales with the audio, like whisper.cpp's audio_ctx.
import {
  decodeModel,
  defaultOpset,
  encodeModel,
  proto,
  tensorProto,
  toNumber,
  type onnx,
} from './graph-builder';

const PREFIX = 'livebridge/whisper_ctx';
/** Nodes that only forward a constant (or change its type) between the embedding and the Add. */
const PASS_THROUGH = new Set(['Identity', 'Cast']);
/** How far upstream of the Add the conv/transpose path may be (GELU expands to a handful of nodes). */
const UPSTREAM_DEPTH = 12;
/**
 * The search does not pass through these: the front end is conv, activation, transpose, while attention
 * and feed-forward blocks (whose Transposes must not count) start with a MatMul.
 */
const STOP = new Set(['MatMul', 'Gemm', 'Softmax', 'Attention', 'MultiHeadAttention']);

interface ConstantSource {
  dims: number[];
}

/**
 * Rewrites a Whisper encoder so the positional embedding is sliced to the conv output's length. Returns
 * the new model bytes, or null (never throws) when the bytes are not a model or the pattern is not found,
 * including when the model has already been patched. External-data weights are left as they are: only
 * dims are read, never tensor data.
 */
export function patchWhisperEncoderContext(model: Uint8Array): Uint8Array | null {
  try {
    return patch(model);
  } catch {
    return null;
  }
}

function patch(bytes: Uint8Array): Uint8Array | null {
  const model = decodeModel(bytes);
  const graph = model.graph;
  // Slice with inputs (opset 10) and negative Gather indices (opset 11) are what the rewrite uses.
  if (!graph || defaultOpset(model) < 11) return null;
  const nodes = graph.node ?? [];
  const initializers = new Map<string, onnx.ITensorProto>();
  for (const t of graph.initializer ?? []) if (t.name) initializers.set(t.name, t);
  const producer = new Map<string, onnx.INodeProto>();
  for (const node of nodes) for (const out of node.output ?? []) producer.set(out, node);
  const graphInputs = new Set((graph.input ?? []).map((i) => i.name ?? ''));

  const constantSource = (value: string): ConstantSource | null => {
    let name = value;
    for (let hops = 0; hops < 8; hops++) {
      const init = initializers.get(name);
      // An initializer that is also a graph input can be overridden by the caller: not a constant.
      if (init) return graphInputs.has(name) ? null : { dims: (init.dims ?? []).map(toNumber) };
      const node = producer.get(name);
      if (!node) return null;
      if (node.opType === 'Constant') {
        const t = (node.attribute ?? []).find((a) => a.name === 'value')?.t;
        return t ? { dims: (t.dims ?? []).map(toNumber) } : null;
      }
      if (!PASS_THROUGH.has(node.opType ?? '') || (node.input ?? []).length !== 1) return null;
      name = node.input![0]!;
    }
    return null;
  };

  const fromConvPath = (value: string): boolean => {
    let frontier = [value];
    const seen = new Set<string>();
    for (let depth = 0; depth < UPSTREAM_DEPTH && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const v of frontier) {
        if (seen.has(v)) continue;
        seen.add(v);
        const node = producer.get(v);
        if (!node) continue;
        if (node.opType === 'Conv' || node.opType === 'Transpose') return true;
        if (STOP.has(node.opType ?? '')) continue;
        next.push(...(node.input ?? []).filter((i) => i && !initializers.has(i)));
      }
      frontier = next;
    }
    return false;
  };

  let match: { index: number; slot: number; positions: number } | null = null;
  for (let index = 0; index < nodes.length && !match; index++) {
    const node = nodes[index]!;
    if (node.opType !== 'Add' || (node.input ?? []).length !== 2) continue;
    for (let slot = 0; slot < 2; slot++) {
      const source = constantSource(node.input![slot]!);
      if (!source || source.dims.length !== 2 || source.dims[0]! < 2) continue;
      if (!fromConvPath(node.input![1 - slot]!)) continue;
      match = { index, slot, positions: source.dims[0]! };
      break;
    }
  }
  if (!match) return null;

  const add = nodes[match.index]!;
  const embedding = add.input![match.slot]!;
  const hidden = add.input![1 - match.slot]!;
  const names = {
    shape: `${PREFIX}/shape`,
    index: `${PREFIX}/seq_axis`,
    length: `${PREFIX}/seq_len`,
    starts: `${PREFIX}/starts`,
    axes: `${PREFIX}/axes`,
    sliced: `${PREFIX}/positions`,
  };
  if ([...producer.keys(), ...initializers.keys()].some((n) => n.startsWith(PREFIX))) return null;
  const int64Const = (name: string, values: number[]): onnx.INodeProto => ({
    opType: 'Constant',
    name,
    input: [],
    output: [name],
    attribute: [
      {
        name: 'value',
        type: proto.AttributeProto.AttributeType.TENSOR,
        t: tensorProto(
          name,
          BigInt64Array.from(values, (v) => BigInt(v)),
          [values.length],
        ),
      },
    ],
  });
  // Constants as Constant nodes rather than initializers: valid whatever the model's IR version.
  // The sequence axis is the second to last of the hidden states ([batch, T, d] against [N, d]).
  const inserted: onnx.INodeProto[] = [
    int64Const(names.index, [-2]),
    int64Const(names.starts, [0]),
    int64Const(names.axes, [0]),
    { opType: 'Shape', name: names.shape, input: [hidden], output: [names.shape] },
    {
      opType: 'Gather',
      name: names.length,
      input: [names.shape, names.index],
      output: [names.length],
      attribute: [{ name: 'axis', type: proto.AttributeProto.AttributeType.INT, i: 0 }],
    },
    {
      opType: 'Slice',
      name: names.sliced,
      input: [embedding, names.starts, names.length, names.axes],
      output: [names.sliced],
    },
  ];
  add.input![match.slot] = names.sliced;
  nodes.splice(match.index, 0, ...inserted);

  if (!relaxReshapes(graph, nodes, initializers, match.positions)) return null;
  relaxShapes(graph, match.positions);
  return encodeModel(model);
}

/**
 * Some exporters bake the sequence length into Reshape targets ([1, 1500, 8, 64]). Where the length is
 * the only fixed dimension that could vary, it becomes -1 (inferred); where another -1 is already there
 * the target cannot be fixed safely and the patch gives up.
 */
function relaxReshapes(
  graph: onnx.IGraphProto,
  nodes: onnx.INodeProto[],
  initializers: Map<string, onnx.ITensorProto>,
  positions: number,
): boolean {
  const constants = new Map<string, onnx.INodeProto>();
  for (const node of nodes) if (node.opType === 'Constant') constants.set(node.output?.[0] ?? '', node);
  const fixes: { node: onnx.INodeProto; values: number[] }[] = [];
  for (const node of nodes) {
    if (node.opType !== 'Reshape') continue;
    const target = node.input?.[1];
    if (!target) continue;
    const tensor =
      initializers.get(target) ?? (constants.get(target)?.attribute ?? []).find((a) => a.name === 'value')?.t;
    const values = tensor ? int64Values(tensor) : null;
    if (!values || !values.includes(positions)) continue;
    if (values.includes(-1) || values.filter((v) => v === positions).length > 1) return false;
    fixes.push({ node, values: values.map((v) => (v === positions ? -1 : v)) });
  }
  const replaced = new Set<string>();
  fixes.forEach(({ node, values }, i) => {
    const name = `${PREFIX}/reshape_${i}`;
    const t = tensorProto(
      name,
      BigInt64Array.from(values, (v) => BigInt(v)),
      [values.length],
    );
    nodes.splice(nodes.indexOf(node), 0, {
      opType: 'Constant',
      name,
      input: [],
      output: [name],
      attribute: [{ name: 'value', type: proto.AttributeProto.AttributeType.TENSOR, t }],
    });
    replaced.add(node.input![1]!);
    node.input![1] = name;
  });
  // Drop the replaced targets nothing else reads (onnxruntime warns about unused initializers).
  const read = readValues(nodes);
  for (const o of graph.output ?? []) read.add(o.name ?? '');
  const unused = (name: string) => replaced.has(name) && !read.has(name);
  graph.initializer = (graph.initializer ?? []).filter((t) => !unused(t.name ?? ''));
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.opType === 'Constant' && unused(node.output?.[0] ?? '')) nodes.splice(i, 1);
  }
  return true;
}

/** Every value name the nodes read, including nodes inside subgraphs (which may read outer values). */
function readValues(nodes: readonly onnx.INodeProto[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    for (const input of node.input ?? []) into.add(input);
    for (const a of node.attribute ?? []) {
      for (const sub of [...(a.g ? [a.g] : []), ...(a.graphs ?? [])]) readValues(sub.node ?? [], into);
    }
  }
  return into;
}

function int64Values(tensor: onnx.ITensorProto): number[] | null {
  if (tensor.dataType !== proto.TensorProto.DataType.INT64 || (tensor.dims ?? []).length !== 1) return null;
  if (tensor.rawData && tensor.rawData.length > 0) {
    const raw = tensor.rawData;
    const copy = new Uint8Array(raw.length);
    copy.set(raw);
    return Array.from(new BigInt64Array(copy.buffer), (v) => Number(v));
  }
  return (tensor.int64Data ?? []).map(toNumber);
}

/**
 * The frame axis of the input and the sequence axis of the output were fixed (3000 and 1500) in the
 * export; onnxruntime rejects inputs that disagree with fixed dims, so they become symbolic. Intermediate
 * value_info that records the old lengths is dropped: it is optional, and stale shapes would mislead the
 * runtime's shape inference.
 */
function relaxShapes(graph: onnx.IGraphProto, positions: number): void {
  const frames = positions * 2;
  const dimsOf = (v: onnx.IValueInfoProto) => v.type?.tensorType?.shape?.dim ?? [];
  for (const input of graph.input ?? []) {
    const dims = dimsOf(input);
    const last = dims[dims.length - 1];
    if (dims.length === 3 && last && toNumber(last.dimValue) === frames) {
      dims[dims.length - 1] = { dimParam: 'encoder_frames' };
    }
  }
  for (const output of graph.output ?? []) {
    const dims = dimsOf(output);
    const seq = dims[1];
    if (dims.length === 3 && seq && toNumber(seq.dimValue) === positions) {
      dims[1] = { dimParam: 'encoder_sequence_length_out' };
    }
  }
  graph.valueInfo = (graph.valueInfo ?? []).filter(
    (v) => !dimsOf(v).some((d) => [positions, frames].includes(toNumber(d.dimValue))),
  );
}
