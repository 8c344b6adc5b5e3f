// Shape-true random-weight Whisper and Marian models in the Hugging Face ONNX layout, built at test time
// (nothing can be downloaded in CI), so tests and benchmarks run the real inference path.
export {
  buildWhisperModel,
  WHISPER_PRESETS,
  WHISPER_LANGUAGES,
  DEFAULT_SEED,
  type BuiltWhisperModel,
  type RandomModelOptions,
  type WhisperArchitecture,
  type WhisperPreset,
} from './whisper';
export {
  buildMarianModel,
  MARIAN_PRESETS,
  sinusoidalPositions,
  type BuiltMarianModel,
  type MarianArchitecture,
  type MarianModelOptions,
  type MarianPreset,
} from './marian';
export type { WhisperTokenizer } from './whisper-tokenizer';
export type { MarianTokenizer } from './marian-tokenizer';
