// Random-weight Whisper in the layout of the Hugging Face ONNX exports (onnx-community/whisper-*): the
// config files, tokenizer.json, onnx/encoder_model.onnx and onnx/decoder_model_merged.onnx with the
// Optimum I/O names and shapes, so the real loader and inference path run without downloaded weights.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildModel, GraphBuilder, writeModel, type onnx } from '../../../main/captions/onnx/graph-builder';
import { quantizeDynamic } from '../../../main/captions/onnx/quantize-dynamic';
import { buildMergedDecoder, encoderLayer, gelu, layerNorm, type Ctx, type LayerSpec } from './layers';
import { Weights } from './weights';
import {
  buildWhisperTokenizer,
  whisperSuppressTokens,
  WHISPER_LANGUAGES,
  type WhisperTokenizer,
} from './whisper-tokenizer';

export interface WhisperArchitecture {
  dModel: number;
  encoderLayers: number;
  encoderHeads: number;
  decoderLayers: number;
  decoderHeads: number;
  encoderFfn: number;
  decoderFfn: number;
  numMelBins: number;
  /** Total vocabulary; omitted: the bytes, the words, some filler merges and the specials. */
  vocabSize?: number;
}

export const WHISPER_PRESETS = {
  tiny: {
    dModel: 384,
    encoderLayers: 4,
    encoderHeads: 6,
    decoderLayers: 4,
    decoderHeads: 6,
    encoderFfn: 1536,
    decoderFfn: 1536,
    numMelBins: 80,
    vocabSize: 51865,
  },
  base: {
    dModel: 512,
    encoderLayers: 6,
    encoderHeads: 8,
    decoderLayers: 6,
    decoderHeads: 8,
    encoderFfn: 2048,
    decoderFfn: 2048,
    numMelBins: 80,
    vocabSize: 51865,
  },
  small: {
    dModel: 768,
    encoderLayers: 12,
    encoderHeads: 12,
    decoderLayers: 12,
    decoderHeads: 12,
    encoderFfn: 3072,
    decoderFfn: 3072,
    numMelBins: 80,
    vocabSize: 51865,
  },
  test: {
    dModel: 64,
    encoderLayers: 2,
    encoderHeads: 4,
    decoderLayers: 2,
    decoderHeads: 4,
    encoderFfn: 128,
    decoderFfn: 128,
    numMelBins: 80,
  },
} as const satisfies Record<string, WhisperArchitecture>;

export type WhisperPreset = keyof typeof WHISPER_PRESETS;

export interface RandomModelOptions {
  /** Strings (catalog product names, any script) added as whole tokens, and favoured by the weights. */
  words?: readonly string[];
  /** Weight seed; the same seed gives byte-identical models. */
  seed?: number;
  /** Standard deviation of the random matrices and embeddings (default 0.02). */
  std?: number;
  /**
   * Whisper: how much the word tokens' embedding rows are scaled up (default 3). The output projection is
   * tied to the embedding, so larger rows win the argmax more often and random decoding draws on the words
   * (about half the tokens with the base preset). Marian uses wordLogitBias instead.
   */
  wordBoost?: number;
  /**
   * present.*.encoder.* on cached steps: 'passthrough' (default) returns the past inputs; 'empty' returns
   * empty placeholders the way Optimum's merged decoders do.
   */
  cachedEncoderPresent?: 'passthrough' | 'empty';
  /** Only build some of the ONNX files (for quick checks of big presets); default both. */
  parts?: readonly ('encoder' | 'decoder')[];
  /**
   * Also write the int8 variants the hub repos ship beside the float files
   * (onnx/encoder_model_quantized.onnx, onnx/decoder_model_merged_quantized.onnx), made by quantizeDynamic;
   * 'only' writes just those, which saves the disk and time of the float files for the big presets.
   * Default false.
   */
  quantized?: boolean | 'only';
}

export interface BuiltWhisperModel {
  dir: string;
  /** Paths relative to dir. */
  files: string[];
  architecture: Required<WhisperArchitecture>;
  config: Record<string, unknown>;
  generationConfig: Record<string, unknown>;
  tokenizer: WhisperTokenizer;
  wordTokenIds: number[];
}

export const DEFAULT_SEED = 20240611;
const MAX_SOURCE_POSITIONS = 1500;
const MAX_TARGET_POSITIONS = 448;
const FRAMES = MAX_SOURCE_POSITIONS * 2;

export async function buildWhisperModel(
  dir: string,
  presetOrConfig: WhisperPreset | WhisperArchitecture,
  options: RandomModelOptions = {},
): Promise<BuiltWhisperModel> {
  const arch: WhisperArchitecture =
    typeof presetOrConfig === 'string' ? WHISPER_PRESETS[presetOrConfig] : presetOrConfig;
  if (arch.dModel % arch.encoderHeads !== 0 || arch.dModel % arch.decoderHeads !== 0) {
    throw new Error(`d_model ${arch.dModel} is not divisible by the head counts`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const tokenizer = buildWhisperTokenizer({
    vocabSize: arch.vocabSize,
    words: options.words,
    seed,
  });
  const full: Required<WhisperArchitecture> = { ...arch, vocabSize: tokenizer.vocabSize };
  const weights = new Weights(seed, options.std ?? 0.02);
  const parts = new Set(options.parts ?? ['encoder', 'decoder']);

  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const files: string[] = [];
  const json = async (name: string, value: unknown) => {
    await writeFile(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
    files.push(name);
  };
  const config = whisperConfig(full, tokenizer);
  const generationConfig = whisperGenerationConfig(full, tokenizer);
  await json('config.json', config);
  await json('generation_config.json', generationConfig);
  await json('preprocessor_config.json', {
    chunk_length: 30,
    feature_extractor_type: 'WhisperFeatureExtractor',
    feature_size: full.numMelBins,
    hop_length: 160,
    n_fft: 400,
    n_samples: 480000,
    nb_max_frames: FRAMES,
    padding_side: 'right',
    padding_value: 0.0,
    processor_class: 'WhisperProcessor',
    return_attention_mask: false,
    sampling_rate: 16000,
  });
  await json('tokenizer.json', tokenizer.tokenizerJson);
  await json('tokenizer_config.json', tokenizer.tokenizerConfig);
  if (parts.has('encoder')) {
    await writeOnnx(dir, 'encoder_model', whisperEncoder(full, weights), options.quantized, files);
  }
  if (parts.has('decoder')) {
    const decoder = whisperDecoder(full, weights, tokenizer, options);
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

/**
 * Writes onnx/<name>.onnx and, as `quantized` asks, onnx/<name>_quantized.onnx; adds the paths to files.
 */
export async function writeOnnx(
  dir: string,
  name: string,
  model: onnx.IModelProto,
  quantized: RandomModelOptions['quantized'],
  files: string[],
): Promise<void> {
  if (quantized !== 'only') {
    await writeModel(path.join(dir, 'onnx', `${name}.onnx`), model);
    files.push(`onnx/${name}.onnx`);
  }
  if (quantized) {
    await writeModel(path.join(dir, 'onnx', `${name}_quantized.onnx`), quantizeDynamic(model));
    files.push(`onnx/${name}_quantized.onnx`);
  }
}

function whisperConfig(arch: Required<WhisperArchitecture>, tok: WhisperTokenizer): Record<string, unknown> {
  const eos = tok.ids.endOfText;
  return {
    _name_or_path: 'livebridge/random-whisper',
    activation_dropout: 0.0,
    activation_function: 'gelu',
    apply_spec_augment: false,
    architectures: ['WhisperForConditionalGeneration'],
    attention_dropout: 0.0,
    begin_suppress_tokens: [tok.encode(' ')[0], eos],
    bos_token_id: eos,
    classifier_proj_size: 256,
    d_model: arch.dModel,
    decoder_attention_heads: arch.decoderHeads,
    decoder_ffn_dim: arch.decoderFfn,
    decoder_layerdrop: 0.0,
    decoder_layers: arch.decoderLayers,
    decoder_start_token_id: tok.ids.startOfTranscript,
    dropout: 0.0,
    encoder_attention_heads: arch.encoderHeads,
    encoder_ffn_dim: arch.encoderFfn,
    encoder_layerdrop: 0.0,
    encoder_layers: arch.encoderLayers,
    eos_token_id: eos,
    init_std: 0.02,
    is_encoder_decoder: true,
    max_length: MAX_TARGET_POSITIONS,
    max_source_positions: MAX_SOURCE_POSITIONS,
    max_target_positions: MAX_TARGET_POSITIONS,
    median_filter_width: 7,
    model_type: 'whisper',
    num_hidden_layers: arch.encoderLayers,
    num_mel_bins: arch.numMelBins,
    pad_token_id: eos,
    scale_embedding: false,
    torch_dtype: 'float32',
    transformers_version: '4.46.0',
    use_cache: true,
    use_weighted_layer_sum: false,
    vocab_size: arch.vocabSize,
  };
}

function whisperGenerationConfig(
  arch: Required<WhisperArchitecture>,
  tok: WhisperTokenizer,
): Record<string, unknown> {
  const eos = tok.ids.endOfText;
  // The cross-attention heads of the upper half of the decoder, as the real files list for word timing.
  const alignmentHeads: [number, number][] = [];
  for (let layer = Math.floor(arch.decoderLayers / 2); layer < arch.decoderLayers; layer++) {
    alignmentHeads.push([layer, layer % arch.decoderHeads]);
  }
  return {
    alignment_heads: alignmentHeads,
    begin_suppress_tokens: [tok.encode(' ')[0], eos],
    bos_token_id: eos,
    decoder_start_token_id: tok.ids.startOfTranscript,
    eos_token_id: eos,
    forced_decoder_ids: [
      [1, null],
      [2, tok.ids.transcribe],
    ],
    is_multilingual: true,
    lang_to_id: tok.langToId,
    max_initial_timestamp_index: 50,
    max_length: MAX_TARGET_POSITIONS,
    no_timestamps_token_id: tok.ids.noTimestamps,
    pad_token_id: eos,
    prev_sot_token_id: tok.ids.startOfPrev,
    return_timestamps: false,
    suppress_tokens: whisperSuppressTokens(tok),
    task_to_id: { transcribe: tok.ids.transcribe, translate: tok.ids.translate },
    transformers_version: '4.46.0',
  };
}

function layerSpec(arch: Required<WhisperArchitecture>, side: 'encoder' | 'decoder'): LayerSpec {
  return {
    d: arch.dModel,
    heads: side === 'encoder' ? arch.encoderHeads : arch.decoderHeads,
    ffn: side === 'encoder' ? arch.encoderFfn : arch.decoderFfn,
    kBias: false,
    norm: 'pre',
    activation: 'gelu',
  };
}

/**
 * input_features [batch, mels, 3000] -> last_hidden_state [batch, 1500, d]: two convs with GELU, the
 * transpose, a plain Add of the positional embedding initializer (the pattern patchWhisperEncoderContext
 * rewrites), pre-LN layers and a final LayerNorm.
 */
function whisperEncoder(arch: Required<WhisperArchitecture>, w: Weights) {
  const g = new GraphBuilder('whisper_encoder');
  const ctx: Ctx = { g, w };
  const d = arch.dModel;
  const mels = arch.numMelBins;
  const x = g.input('input_features', 'float32', ['batch_size', mels, FRAMES]);
  const conv = (input: string, name: string, inChannels: number, stride: number) => {
    const weight = g.initializer(`${name}.weight`, w.normal(`${name}.weight`, d * inChannels * 3), [
      d,
      inChannels,
      3,
    ]);
    const bias = g.initializer(`${name}.bias`, w.normal(`${name}.bias`, d), [d]);
    return g.op('Conv', [input, weight, bias], {
      kernel_shape: [3],
      pads: [1, 1],
      strides: [stride],
      dilations: [1],
      group: 1,
    });
  };
  const c1 = gelu(ctx, conv(x, 'model.encoder.conv1', mels, 1));
  const c2 = gelu(ctx, conv(c1, 'model.encoder.conv2', d, 2));
  const t = g.op('Transpose', [c2], { perm: [0, 2, 1] });
  const positionsName = 'model.encoder.embed_positions.weight';
  const positions = g.initializer(positionsName, w.normal(positionsName, MAX_SOURCE_POSITIONS * d), [
    MAX_SOURCE_POSITIONS,
    d,
  ]);
  let h = g.op('Add', [t, positions]);
  const spec = layerSpec(arch, 'encoder');
  for (let i = 0; i < arch.encoderLayers; i++)
    h = encoderLayer(ctx, h, `model.encoder.layers.${i}`, spec, null);
  layerNorm(ctx, h, 'model.encoder.layer_norm', d, 'last_hidden_state');
  g.output('last_hidden_state', 'float32', ['batch_size', MAX_SOURCE_POSITIONS, d]);
  return buildModel(g, { docString: 'Random-weight Whisper encoder (LiveBridge test model)' });
}

function whisperDecoder(
  arch: Required<WhisperArchitecture>,
  w: Weights,
  tok: WhisperTokenizer,
  options: RandomModelOptions,
) {
  const g = new GraphBuilder('whisper_decoder_merged');
  const d = arch.dModel;
  const embedName = 'model.decoder.embed_tokens.weight';
  const embedTokens = w.normal(embedName, arch.vocabSize * d);
  boostRows(embedTokens, d, tok.wordTokenIds, options.wordBoost ?? 3);
  const positionsName = 'model.decoder.embed_positions.weight';
  buildMergedDecoder(
    { g, w },
    {
      ...layerSpec(arch, 'decoder'),
      layers: arch.decoderLayers,
      vocab: arch.vocabSize,
      embedTokens,
      embedName,
      embedScale: 1,
      positions: w.normal(positionsName, MAX_TARGET_POSITIONS * d),
      positionsName,
      maxPositions: MAX_TARGET_POSITIONS,
      finalLayerNorm: true,
      finalLogitsBias: null,
      encoderMask: false,
      cachedEncoderPresent: options.cachedEncoderPresent ?? 'passthrough',
    },
  );
  return buildModel(g, { docString: 'Random-weight Whisper merged decoder (LiveBridge test model)' });
}

/** Scales the embedding rows of the given token ids. */
export function boostRows(embedding: Float32Array, d: number, ids: readonly number[], factor: number): void {
  if (factor === 1) return;
  for (const id of ids) {
    for (let j = id * d; j < (id + 1) * d; j++) embedding[j] = embedding[j]! * factor;
  }
}

export { WHISPER_LANGUAGES };
