// The captions pipeline's shapes: what it is given (its options and the VAD), what it reports (its stats),
// and the record of one utterance that its steps share. The pipeline is caption-pipeline.ts.
import type { Caption, CaptionLanguage } from '../../core/protocol/captions';
import type { LocalAgreement } from '../../core/captions/local-agreement';
import type { Glossary } from '../../core/captions/glossary';
import type { SpeechRecognizer } from './engines';
import type { DraftCache, TranslatorRoute } from './translate-chain';

export interface Vad {
  readonly frameSamples: number;
  probability(frame: Float32Array): Promise<number>;
  reset(): void;
}

export interface PipelineStats {
  /** End of speech (in the audio) to each final caption, ms, newest last. */
  finalLagMs: number[];
  /** Speech start to the first partial caption of each utterance, ms. */
  firstPartialMs: number[];
  /** Recognizer compute over audio duration, finals only. */
  rtf: number | null;
  utterances: number;
  translationErrors: number;
}

export interface PipelineOptions {
  sourceLang: CaptionLanguage;
  targets: () => readonly CaptionLanguage[];
  vad: Vad;
  recognizer: SpeechRecognizer;
  route: TranslatorRoute;
  glossary: () => Glossary | null;
  /** A caption; lagMs (end of speech to now) is given for final ones. */
  emit: (caption: Caption, lagMs: number | null) => void;
  /** Errors that do not stop the pipeline (a translator failing for one language). */
  onError?: (error: Error, context: string) => void;
  /** Wall clock, ms since the epoch (tests inject one). */
  now?: () => number;
  /** How often a partial hypothesis is computed while someone speaks, ms. */
  partialIntervalMs?: number;
  /** Audio kept before the detected speech start, ms. */
  prePadMs?: number;
  /** Silence that ends an utterance, ms. */
  hangoverMs?: number;
  maxUtteranceMs?: number;
  /** Translate stable partial text as well (costs compute; finals always come first). */
  translatePartials?: boolean;
}

export interface Utterance {
  n: number;
  id: string;
  startSample: number;
  /** Wall-clock ms at which the audio at startSample was captured. */
  startWall: number;
  agreement: LocalAgreement;
  firstPartialAt: number | null;
  lastPartialText: string;
  lastTranslatedPartial: string;
  lastPartialTranslationWall: number;
  /** Translations of this utterance so far, per target language: each new one continues the last. */
  drafts: Map<CaptionLanguage, DraftCache>;
}
