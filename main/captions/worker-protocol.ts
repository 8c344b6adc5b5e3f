// Messages between the studio host and its captions worker (a worker_thread): a discriminated union in a
// sequence-numbered envelope; requests get exactly one reply, errors travel serialized.
import type { Caption, CaptionLanguage, Translation } from '../../core/protocol/captions';
import type { Product } from '../../core/protocol/room-events';
import type { PipelineStats } from './caption-pipeline';

export type RecognizerConfig =
  | { kind: 'whisper'; dir: string; threads?: number }
  | { kind: 'openai'; baseUrl: string; apiKey: string; model: string }
  | { kind: 'none' };

export interface MarianPair {
  dir: string;
  /** The target-language token a multilingual model wants first, e.g. ">>cmn_Hans<<". */
  targetToken?: string;
}

export type TranslatorConfig =
  /** Local Marian models by pair, e.g. { "zh-CN>en": { dir: "/models/opus-mt-zh-en" } }. */
  | { kind: 'marian'; pairs: Record<string, MarianPair>; threads?: number }
  | { kind: 'openai'; baseUrl: string; apiKey: string; model: string }
  | { kind: 'deepl'; baseUrl: string; apiKey: string };

export interface WorkerStartConfig {
  sourceLang: CaptionLanguage;
  targets: CaptionLanguage[];
  recognizer: RecognizerConfig;
  translator: TranslatorConfig;
  /** Silero VAD model file; the packaged one when absent. */
  vadFile?: string;
  partialIntervalMs?: number;
  hangoverMs?: number;
  translatePartials?: boolean;
}

export type WorkerRequest =
  | { type: 'start'; config: WorkerStartConfig }
  | { type: 'translate'; target: CaptionLanguage; items: { id: string; text: string; lang: string | null }[] }
  | { type: 'flush' }
  | { type: 'stop' };

export type WorkerCommand =
  | { type: 'audio'; pcm: Float32Array; wall: number }
  | { type: 'targets'; targets: CaptionLanguage[] }
  | { type: 'catalog'; products: Product[] };

export type HostToWorker = ({ seq: number } & WorkerRequest) | WorkerCommand;

export interface SerializedError {
  name: string;
  code?: string;
  message: string;
}

export type WorkerReplyValue = { translations: Translation[] } | { ok: true };

export type WorkerToHost =
  | { type: 'reply'; seq: number; ok: true; value: WorkerReplyValue }
  | { type: 'reply'; seq: number; ok: false; error: SerializedError }
  | { type: 'caption'; caption: Caption; lagMs: number | null }
  | { type: 'stats'; stats: PipelineStats; speaking: boolean }
  | { type: 'error'; context: string; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(error) };
}

export const pairKey = (from: string, to: string) => `${from}>${to}`;
