// Random-weight Marian (Opus-MT) in the layout of the Xenova/opus-mt-* ONNX exports: config files,
// tokenizer.json (SentencePiece Unigram), onnx/encoder_model.onnx and onnx/decoder_model_merged.onnx with
// the Optimum I/O names, so the real translation path runs without downloaded weights.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildModel, GraphBuilder } from '../../../main/captions/onnx/graph-builder';
import { buildMergedDecoder, encoderLayer, keyMask, type Ctx, type LayerSpec } from './layers';
import { buildMarianTokenizer, type MarianTokenizer } from './marian-tokenizer';
import { Weights } from './weights';
import { DEFAULT_SEED, writeOnnx, type RandomModelOptions } from './whisper';

export interface MarianArchitecture {
  dModel: number;
  encoderLayers: number;
  encoderHeads: number;
  decoderLayers: number;
  decoderHeads: number;
  encoderFfn: number;
  decoderFfn: number;
  /** Total vocabulary (the last id is <pad>); omitted: base pieces, the words and some filler. */
  vocabSize?: number;
}

export const MARIAN_PRESETS = {
  'opus-mt': {
    dModel: 512,
    encoderLayers: 6,
    encoderHeads: 8,
    decoderLayers: 6,
    decoderHeads: 8,
    encoderFfn: 2048,
    decoderFfn: 2048,
    vocabSize: 58101,
  },
  test: {
    dModel: 64,
    encoderLayers: 2,
    encoderHeads: 4,
    decoderLayers: 2,
    decoderHeads: 4,
    encoderFfn: 128,
    decoderFfn: 128,
  },
} as const satisfies Record<string, MarianArchitecture>;

export type MarianPreset = keyof typeof MARIAN_PRESETS;

export interface MarianModelOptions extends RandomModelOptions {
  /**
   * final_logits_bias of the word tokens (default: a little under the logit of echoing the input token,
   * so words win about half the argmaxes). Marian needs this instead of wordBoost: with post-LN layers and
   * small random weights the decoder's output is dominated by its own input token (the tied projection
   * echoes it), and scaled-up embedding rows would only make words echo themselves.
   */
  wordLogitBias?: number;
  /** For tokenizer_config.json (default en -> zh). */
  sourceLang?: string;
  targetLang?: string;
}

export interface BuiltMarianModel {
  dir: string;
  files: string[];
  architecture: Required<MarianArchitecture>;
  config: Record<string, unknown>;
  generationConfig: Record<string, unknown>;
  tokenizer: MarianTokenizer;
  wordTokenIds: number[];
}

const MAX_POSITIONS = 512;

export async function buildMarianModel(
  dir: string,
  presetOrConfig: MarianPreset | MarianArchitecture,
  options: MarianModelOptions = {},
): Promise<BuiltMarianModel> {
  const arch: MarianArchitecture =
    typeof presetOrConfig === 'string' ? MARIAN_PRESETS[presetOrConfig] : presetOrConfig;
  if (arch.dModel % arch.encoderHeads !== 0 || arch.dModel % arch.decoderHeads !== 0) {
    throw new Error(`d_model ${arch.dModel} is not divisible by the head counts`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const tokenizer = buildMarianTokenizer({
    vocabSize: arch.vocabSize,
    words: options.words,
    seed,
    sourceLang: options.sourceLang,
    targetLang: options.targetLang,
  });
  const full: Required<MarianArchitecture> = { ...arch, vocabSize: tokenizer.vocabSize };
  const weights = new Weights(seed, options.std ?? 0.02);
  const parts = new Set(options.parts ?? ['encoder', 'decoder']);

  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const files: string[] = [];
  const json = async (name: string, value: unknown) => {
    await writeFile(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
    files.push(name);
  };
  const config = marianConfig(full, tokenizer);
  const generationConfig = {
    bad_words_ids: [[tokenizer.padId]],
    bos_token_id: 0,
    decoder_start_token_id: tokenizer.padId,
    eos_token_id: tokenizer.eosId,
    forced_eos_token_id: tokenizer.eosId,
    max_length: MAX_POSITIONS,
    num_beams: 4,
    pad_token_id: tokenizer.padId,
    renormalize_logits: true,
    transformers_version: '4.46.0',
  };
  await json('config.json', config);
  await json('generation_config.json', generationConfig);
  await json('tokenizer.json', tokenizer.tokenizerJson);
  await json('tokenizer_config.json', tokenizer.tokenizerConfig);

  // Marian shares one embedding between encoder, decoder and the output projection; each file holds a
  // copy, identical because weights are seeded by name.
  const embedName = 'model.shared.weight';
  const shared = weights.normal(embedName, full.vocabSize * full.dModel);
  const finalLogitsBias = new Float32Array(full.vocabSize);
  // 0.8 of the estimate: the layers take a little off the echo, and words then win about half the time.
  const wordBias = options.wordLogitBias ?? 0.8 * echoLogit(full.dModel, weights.std);
  for (const id of tokenizer.wordTokenIds) finalLogitsBias[id] = wordBias;
  const positions = sinusoidalPositions(MAX_POSITIONS, full.dModel);
  if (parts.has('encoder')) {
    const encoder = marianEncoder(full, weights, shared, embedName, positions);
    await writeOnnx(dir, 'encoder_model', encoder, options.quantized, files);
  }
  if (parts.has('decoder')) {
    const g = new GraphBuilder('marian_decoder_merged');
    buildMergedDecoder(
      { g, w: weights },
      {
        ...layerSpec(full, 'decoder'),
        layers: full.decoderLayers,
        vocab: full.vocabSize,
        embedTokens: shared,
        embedName,
        embedScale: Math.sqrt(full.dModel),
        positions,
        positionsName: 'model.decoder.embed_positions.weight',
        maxPositions: MAX_POSITIONS,
        finalLayerNorm: false,
        // A buffer of zeros in the real checkpoints; here it carries the words' head start.
        finalLogitsBias,
        encoderMask: true,
        cachedEncoderPresent: options.cachedEncoderPresent ?? 'passthrough',
      },
    );
    const decoder = buildModel(g, {
      docString: 'Random-weight Marian merged decoder (LiveBridge test model)',
    });
    await writeOnnx(dir, 'decoder_model_merged', decoder, options.quantized, files);
  }
  return {
    dir,
    files,
    architecture: full,
    config,
    generationConfig,
    tokenizer,
    wordTokenIds: tokenizer.wordTokenIds,
  };
}

function marianConfig(arch: Required<MarianArchitecture>, tok: MarianTokenizer): Record<string, unknown> {
  return {
    _name_or_path: 'livebridge/random-opus-mt',
    activation_dropout: 0.0,
    activation_function: 'swish',
    add_bias_logits: false,
    add_final_layer_norm: false,
    architectures: ['MarianMTModel'],
    attention_dropout: 0.0,
    bad_words_ids: [[tok.padId]],
    bos_token_id: 0,
    classif_dropout: 0.0,
    classifier_dropout: 0.0,
    d_model: arch.dModel,
    decoder_attention_heads: arch.decoderHeads,
    decoder_ffn_dim: arch.decoderFfn,
    decoder_layerdrop: 0.0,
    decoder_layers: arch.decoderLayers,
    decoder_start_token_id: tok.padId,
    decoder_vocab_size: arch.vocabSize,
    dropout: 0.1,
    encoder_attention_heads: arch.encoderHeads,
    encoder_ffn_dim: arch.encoderFfn,
    encoder_layerdrop: 0.0,
    encoder_layers: arch.encoderLayers,
    eos_token_id: tok.eosId,
    forced_eos_token_id: tok.eosId,
    init_std: 0.02,
    is_encoder_decoder: true,
    max_length: MAX_POSITIONS,
    max_position_embeddings: MAX_POSITIONS,
    model_type: 'marian',
    normalize_before: false,
    normalize_embedding: false,
    num_beams: 4,
    num_hidden_layers: arch.encoderLayers,
    pad_token_id: tok.padId,
    scale_embedding: true,
    share_encoder_decoder_embeddings: true,
    static_position_embeddings: true,
    torch_dtype: 'float32',
    transformers_version: '4.46.0',
    use_cache: true,
    vocab_size: arch.vocabSize,
  };
}

function layerSpec(arch: Required<MarianArchitecture>, side: 'encoder' | 'decoder'): LayerSpec {
  return {
    d: arch.dModel,
    heads: side === 'encoder' ? arch.encoderHeads : arch.decoderHeads,
    ffn: side === 'encoder' ? arch.encoderFfn : arch.decoderFfn,
    kBias: true,
    norm: 'post',
    activation: 'swish',
  };
}

/**
 * The logit of the input token itself after a near-identity stack: the hidden state is about
 * LayerNorm(sqrt(d) * embedding + position), and its dot product with the token's own (tied) row is
 * sqrt(d) * d * std^2 over the per-feature spread sqrt(d * std^2 + 1/2) (sinusoids have variance 1/2).
 */
function echoLogit(d: number, std: number): number {
  const scaled = d * std * std;
  return (Math.sqrt(d) * scaled) / Math.sqrt(scaled + 0.5);
}

/**
 * Marian's static sinusoidal table: sin in the first half of the features, cos in the second, both at
 * position / 10000^(2j/d) (MarianSinusoidalPositionalEmbedding).
 */
export function sinusoidalPositions(count: number, d: number): Float32Array {
  const out = new Float32Array(count * d);
  const half = Math.ceil(d / 2);
  for (let pos = 0; pos < count; pos++) {
    for (let j = 0; j < d; j++) {
      const angle = pos / 10000 ** ((2 * Math.floor(j / 2)) / d);
      if (j % 2 === 0) out[pos * d + j / 2] = Math.sin(angle);
      else out[pos * d + half + (j - 1) / 2] = Math.cos(angle);
    }
  }
  return out;
}

/** input_ids, attention_mask [b, s] -> last_hidden_state [b, s, d]; padding keys are masked out. */
function marianEncoder(
  arch: Required<MarianArchitecture>,
  w: Weights,
  shared: Float32Array,
  embedName: string,
  positions: Float32Array,
) {
  const g = new GraphBuilder('marian_encoder');
  const ctx: Ctx = { g, w };
  const d = arch.dModel;
  const ids = g.input('input_ids', 'int64', ['batch_size', 'encoder_sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
  const embed = g.initializer(embedName, shared, [arch.vocabSize, d]);
  const table = g.initializer('model.encoder.embed_positions.weight', positions, [MAX_POSITIONS, d]);
  const seqLen = g.op('Shape', [ids], { start: 1, end: 2 });
  const pos = g.op('Slice', [table, g.int64s([0]), seqLen, g.int64s([0])]);
  const tokens = g.op('Mul', [g.op('Gather', [embed, ids], { axis: 0 }), g.floatScalar(Math.sqrt(d))]);
  let h = g.op('Add', [tokens, pos]);
  const additive = keyMask(ctx, mask);
  const spec = layerSpec(arch, 'encoder');
  for (let i = 0; i < arch.encoderLayers; i++) {
    h = encoderLayer(ctx, h, `model.encoder.layers.${i}`, spec, additive);
  }
  g.op('Identity', [h], {}, { outputs: 'last_hidden_state' });
  g.output('last_hidden_state', 'float32', ['batch_size', 'encoder_sequence_length', d]);
  return buildModel(g, { docString: 'Random-weight Marian encoder (LiveBridge test model)' });
}
