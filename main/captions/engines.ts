// The two engine interfaces of the captions pipeline. Local engines (Whisper and Marian through
// onnxruntime-node) and cloud engines (an OpenAI-compatible endpoint, DeepL) both implement them, so the
// pipeline, its streaming policy and its glossary handling do not care which one runs.
import type { CaptionLanguage } from '../../core/protocol/captions';

export interface RecognizeOptions {
  /** The language the host speaks. */
  lang: CaptionLanguage;
  /** True when the utterance has ended: the last, complete hypothesis is wanted. */
  final: boolean;
  /** Words to bias recognition towards (catalog product names), where the engine supports a prompt. */
  prompt?: string;
  /**
   * Text already agreed for this utterance (LocalAgreement): an engine that can continues decoding after
   * it instead of decoding it again; the result is always the whole utterance's text.
   */
  prefix?: string;
  /** A bound on new tokens for this call (partials are kept cheap so a final is never kept waiting). */
  maxNewTokens?: number;
  signal?: AbortSignal;
}

export interface Recognition {
  text: string;
  /** Compute time spent on this call, ms. */
  computeMs: number;
}

export interface SpeechRecognizer {
  readonly name: string;
  /** Transcribes one utterance's audio so far: 16 kHz mono float32 samples in [-1, 1]. */
  transcribe(audio: Float32Array, options: RecognizeOptions): Promise<Recognition>;
  close(): Promise<void>;
}

export interface TranslateOptions {
  from: CaptionLanguage;
  to: CaptionLanguage;
  /**
   * A bound on output tokens (local engines): what an utterance of this length can need, so a model that
   * loops or a garbled input cannot hold the lane for seconds.
   */
  maxTokens?: number;
  signal?: AbortSignal;
}

/**
 * Texts reach a translator with their protected spans already replaced by placeholders that match
 * PLACEHOLDER_PATTERN (see core/captions/placeholders.ts); an engine keeps them as they are where it can, and
 * the glossary puts back any it lost.
 */
export interface Translator {
  readonly name: string;
  supports(from: CaptionLanguage, to: CaptionLanguage): boolean;
  translate(texts: string[], options: TranslateOptions): Promise<string[]>;
  /**
   * Local engines: translates a text that extends one translated before, continuing after the stable
   * start of that translation instead of decoding it again (re-translation with a prefix, as in
   * simultaneous MT), so the final caption of an utterance costs only its tail.
   */
  translateDraft?(
    text: string,
    previous: TranslationDraft | null,
    options: TranslateOptions,
  ): Promise<TranslationDraft>;
  close(): Promise<void>;
}

/** A translation with the engine's own tokens, to continue from later; opaque to callers. */
export interface TranslationDraft {
  source: string;
  text: string;
  tokens: number[];
}

/** Thrown when the caller's AbortSignal fired during a local inference loop. */
export class AbortedError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('aborted');
  }
}

/** A typed error for an engine that cannot run: a missing model, a refused key, an unreachable endpoint. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code:
      'model_missing' | 'model_invalid' | 'auth' | 'unreachable' | 'bad_response' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}
