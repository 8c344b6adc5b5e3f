// Whisper through onnxruntime-node, on a Hugging Face ONNX export (onnx-community/whisper-*): log-mel
// features, the encoder over only as much audio as the utterance has (its positional embedding is sliced
// at load time, so a 3 s utterance does not pay for 30 s), and greedy decoding with the KV cache.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers';
import type { CaptionLanguage } from '../../../core/protocol/captions';
import { logMelSpectrogram, type MelBins } from '../../../core/captions/log-mel';
import { EngineError, type Recognition, type RecognizeOptions, type SpeechRecognizer } from '../engines';
import { patchWhisperEncoderContext } from '../onnx/whisper-encoder-context';
import {
  createSession,
  decoderShape,
  greedyDecode,
  loadTokenizer,
  modelFile,
  ort,
  readJson,
  type DecoderShape,
  type SessionOptions,
} from './onnx-session';

interface WhisperConfig {
  d_model: number;
  decoder_attention_heads: number;
  num_mel_bins: number;
  max_source_positions: number;
}
interface WhisperGenerationConfig {
  decoder_start_token_id: number;
  eos_token_id: number;
  no_timestamps_token_id?: number;
  lang_to_id?: Record<string, number>;
  task_to_id?: Record<string, number>;
  suppress_tokens?: number[];
  begin_suppress_tokens?: number[];
}

export interface WhisperOptions extends SessionOptions {
  /** Extra silence after the audio in the encoder window, s (the model expects some). */
  padSeconds?: number;
  /** The smallest encoder window, s. */
  minWindowSeconds?: number;
}

const HOP = 160;
const FRAMES_30S = 3000;

/** Whisper's language token for a caption language (zh-CN -> <|zh|>). */
export function whisperLanguageToken(lang: CaptionLanguage): string {
  return `<|${lang.split('-')[0]}|>`;
}

/** An upper bound on tokens for audio of this length: speech rarely beats it, nonsense stops there. */
export function maxTokensFor(seconds: number, lang: CaptionLanguage): number {
  const perSecond = lang === 'zh-CN' || lang === 'ja' || lang === 'ko' ? 7 : 5;
  return Math.min(220, Math.ceil(seconds * perSecond) + 4);
}

export class WhisperRecognizer implements SpeechRecognizer {
  readonly name: string;
  private closed = false;

  private constructor(
    private readonly encoder: ort.InferenceSession,
    private readonly decoder: ort.InferenceSession,
    private readonly shape: DecoderShape,
    private readonly tokenizer: Tokenizer,
    private readonly config: WhisperConfig,
    private readonly generation: WhisperGenerationConfig,
    /** False when the encoder could not be patched: every window is then 30 s. */
    readonly shortWindows: boolean,
    private readonly options: WhisperOptions,
    dir: string,
  ) {
    this.name = `whisper:${path.basename(dir)}`;
  }

  static async load(dir: string, options: WhisperOptions = {}): Promise<WhisperRecognizer> {
    const what = `Whisper (${dir})`;
    const config = readJson<WhisperConfig>(path.join(dir, 'config.json'), what);
    const generation = readJson<WhisperGenerationConfig>(path.join(dir, 'generation_config.json'), what);
    const tokenizer = loadTokenizer(dir, what);
    const encoderFile = modelFile(dir, 'encoder_model', options.precision);
    let encoderBytes: Uint8Array;
    try {
      encoderBytes = readFileSync(encoderFile);
    } catch {
      throw new EngineError('model_missing', `${what}: onnx/${path.basename(encoderFile)} is missing`);
    }
    const patched = patchWhisperEncoderContext(encoderBytes);
    const [encoder, decoder] = await Promise.all([
      createSession(patched ?? encoderBytes, `${what} encoder`, options),
      createSession(modelFile(dir, 'decoder_model_merged', options.precision), `${what} decoder`, options),
    ]);
    const shape = decoderShape(decoder, config.d_model, config.decoder_attention_heads);
    return new WhisperRecognizer(
      encoder,
      decoder,
      shape,
      tokenizer,
      config,
      generation,
      patched !== null,
      options,
      dir,
    );
  }

  /** The encoder window for audio of this many samples, in mel frames. */
  windowFrames(samples: number, final = true): number {
    if (!this.shortWindows) return FRAMES_30S;
    const pad = (this.options.padSeconds ?? 1) * 100;
    // A partial is a preview: the first one, of a few hundred ms of speech, gets a 1 s window.
    const min = (this.options.minWindowSeconds ?? (final ? 2 : 1)) * 100;
    const needed = Math.max(min, Math.ceil(samples / HOP) + pad);
    return Math.min(FRAMES_30S, Math.ceil(needed / 100) * 100);
  }

  /** Token ids of agreed text, as Whisper writes it (a leading space before words). */
  private prefixIds(prefix: string | undefined): number[] {
    if (!prefix?.trim()) return [];
    return this.tokenizer.encode(` ${prefix.trim()}`, { add_special_tokens: false }).ids;
  }

  private promptIds(lang: CaptionLanguage, prompt: string | undefined): number[] {
    const g = this.generation;
    const ids: number[] = [];
    const prev = this.tokenizer.token_to_id('<|startofprev|>');
    if (prompt && prev !== undefined) {
      const words = this.tokenizer.encode(` ${prompt.trim()}`, { add_special_tokens: false }).ids;
      ids.push(prev, ...words.slice(-60));
    }
    ids.push(g.decoder_start_token_id);
    const langId = g.lang_to_id?.[whisperLanguageToken(lang)];
    if (langId !== undefined) ids.push(langId);
    const transcribe = g.task_to_id?.transcribe;
    if (transcribe !== undefined) ids.push(transcribe);
    if (g.no_timestamps_token_id !== undefined) ids.push(g.no_timestamps_token_id);
    return ids;
  }

  private suppressed(): Set<number> {
    const g = this.generation;
    const s = new Set<number>(g.suppress_tokens ?? []);
    // No timestamps and no special tokens in the text: everything from <|endoftext|> up except eos.
    const vocab = this.tokenizer.get_added_tokens_decoder();
    for (const [id, token] of vocab) if (token.special && id !== g.eos_token_id) s.add(id);
    if (g.no_timestamps_token_id !== undefined) {
      for (let id = g.no_timestamps_token_id; id < g.no_timestamps_token_id + 1502; id++) s.add(id);
    }
    return s;
  }
  private suppressCache: Set<number> | null = null;

  async transcribe(audio: Float32Array, options: RecognizeOptions): Promise<Recognition> {
    if (this.closed) throw new EngineError('unsupported', 'The recognizer is closed');
    const started = performance.now();
    const frames = this.windowFrames(audio.length, options.final);
    const nMels = this.config.num_mel_bins as MelBins;
    const features = logMelSpectrogram(audio, { nMels, frames });
    const encoded = await this.encoder.run({
      input_features: new ort.Tensor('float32', features, [1, nMels, frames]),
    });
    const hidden = encoded.last_hidden_state;
    if (!hidden) throw new EngineError('model_invalid', 'The Whisper encoder has no last_hidden_state');
    this.suppressCache ??= this.suppressed();
    const seconds = audio.length / 16_000;
    const prefix = this.prefixIds(options.prefix);
    const budget = Math.max(4, maxTokensFor(seconds, options.lang) - prefix.length);
    const tokens = await greedyDecode(this.decoder, this.shape, hidden, {
      prompt: [...this.promptIds(options.lang, options.prompt), ...prefix],
      eos: this.generation.eos_token_id,
      maxNewTokens: Math.min(budget, options.maxNewTokens ?? budget),
      suppress: this.suppressCache,
      beginSuppress: new Set(this.generation.begin_suppress_tokens ?? []),
      maxRepeat: 4,
      signal: options.signal,
    });
    const text = this.tokenizer.decode([...prefix, ...tokens], { skip_special_tokens: true }).trim();
    return { text, computeMs: performance.now() - started };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.encoder.release(), this.decoder.release()]);
  }
}
