// Marian (Opus-MT) translation through onnxruntime-node on a Hugging Face ONNX export (Xenova/opus-mt-*):
// SentencePiece (Unigram) tokens in, the encoder once, greedy decoding with the KV cache.
import path from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers';
import type { CaptionLanguage } from '../../../core/protocol/captions';
import { EngineError, type TranslateOptions, type TranslationDraft, type Translator } from '../engines';
import {
  createSession,
  decoderShape,
  greedyDecode,
  int64,
  loadTokenizer,
  modelFile,
  type ort,
  readJson,
  type DecoderShape,
  type SessionOptions,
} from './onnx-session';

interface MarianConfig {
  d_model: number;
  decoder_attention_heads: number;
  pad_token_id: number;
  eos_token_id: number;
  decoder_start_token_id?: number;
  max_position_embeddings?: number;
}

export interface MarianOptions extends SessionOptions {
  /** The language pair this model translates. */
  from: CaptionLanguage;
  to: CaptionLanguage;
  /** A target-language token multilingual models need first in the source (e.g. ">>spa<<"). */
  targetToken?: string;
}

/** An upper bound on output tokens for an input of n tokens. */
export const maxOutputTokens = (n: number, limit: number) => Math.min(limit, Math.ceil(n * 1.5) + 6);

export class MarianTranslator implements Translator {
  readonly name: string;
  private closed = false;

  private constructor(
    private readonly encoder: ort.InferenceSession,
    private readonly decoder: ort.InferenceSession,
    private readonly shape: DecoderShape,
    private readonly tokenizer: Tokenizer,
    private readonly config: MarianConfig,
    private readonly options: MarianOptions,
    dir: string,
  ) {
    this.name = `marian:${path.basename(dir)}`;
  }

  static async load(dir: string, options: MarianOptions): Promise<MarianTranslator> {
    const what = `Opus-MT ${options.from}->${options.to} (${dir})`;
    const config = readJson<MarianConfig>(path.join(dir, 'config.json'), what);
    const tokenizer = loadTokenizer(dir, what);
    const [encoder, decoder] = await Promise.all([
      createSession(modelFile(dir, 'encoder_model', options.precision), `${what} encoder`, options),
      createSession(modelFile(dir, 'decoder_model_merged', options.precision), `${what} decoder`, options),
    ]);
    const shape = decoderShape(decoder, config.d_model, config.decoder_attention_heads);
    return new MarianTranslator(encoder, decoder, shape, tokenizer, config, options, dir);
  }

  supports(from: CaptionLanguage, to: CaptionLanguage): boolean {
    return from === this.options.from && to === this.options.to;
  }

  async translate(texts: string[], options: TranslateOptions): Promise<string[]> {
    if (!this.supports(options.from, options.to)) {
      throw new EngineError(
        'unsupported',
        `${this.name} translates ${this.options.from}->${this.options.to}`,
      );
    }
    const out: string[] = [];
    for (const text of texts)
      out.push((await this.translateOne(text, [], options.signal, options.maxTokens)).text);
    return out;
  }

  async translateDraft(
    text: string,
    previous: TranslationDraft | null,
    options: TranslateOptions,
  ): Promise<TranslationDraft> {
    if (!this.supports(options.from, options.to)) {
      throw new EngineError(
        'unsupported',
        `${this.name} translates ${this.options.from}->${this.options.to}`,
      );
    }
    // The end of a prefix's translation is where it was cut short: only its start is kept.
    const keep =
      previous && text.startsWith(previous.source)
        ? previous.tokens.slice(0, Math.max(0, previous.tokens.length - 3))
        : [];
    const { text: out, tokens } = await this.translateOne(text, keep, options.signal, options.maxTokens);
    return { source: text, text: out, tokens };
  }

  private async translateOne(
    text: string,
    prefix: number[],
    signal?: AbortSignal,
    maxTokens?: number,
  ): Promise<{ text: string; tokens: number[] }> {
    if (this.closed) throw new EngineError('unsupported', 'The translator is closed');
    const source = this.options.targetToken ? `${this.options.targetToken} ${text}` : text;
    const limit = (this.config.max_position_embeddings ?? 512) - 2;
    const ids = this.tokenizer.encode(source).ids.slice(0, limit);
    if (ids.length === 0) return { text: '', tokens: [] };
    const mask = int64(
      ids.map(() => 1),
      [1, ids.length],
    );
    const encoded = await this.encoder.run({ input_ids: int64(ids, [1, ids.length]), attention_mask: mask });
    const hidden = encoded.last_hidden_state;
    if (!hidden) throw new EngineError('model_invalid', 'The Marian encoder has no last_hidden_state');
    const budget = Math.min(maxOutputTokens(ids.length, limit), maxTokens ?? limit);
    const kept = prefix.slice(0, Math.max(0, budget - 1));
    const fresh = await greedyDecode(this.decoder, this.shape, hidden, {
      prompt: [this.config.decoder_start_token_id ?? this.config.pad_token_id, ...kept],
      eos: this.config.eos_token_id,
      maxNewTokens: Math.max(1, budget - kept.length),
      suppress: new Set([this.config.pad_token_id]),
      maxRepeat: 4,
      encoderMask: mask,
      signal,
    });
    const tokens = [...kept, ...fresh];
    return { text: this.tokenizer.decode(tokens, { skip_special_tokens: true }).trim(), tokens };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.encoder.release(), this.decoder.release()]);
  }
}
