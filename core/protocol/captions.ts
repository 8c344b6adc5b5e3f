// Live AI captions: what the studio host's captions pipeline emits, what travels through the backend to
// viewers (per language), and the studio-side status of the engines and their model files.
import { z } from 'zod';
import { LanguageTagSchema } from './languages';

/** Content languages captions can be produced in (the host speaks one of them, viewers read any). */
export const CAPTION_LANGUAGES = ['en', 'zh-CN', 'es', 'ja', 'ko', 'id', 'pt', 'ar', 'fr', 'de'] as const;
export type CaptionLanguage = (typeof CAPTION_LANGUAGES)[number];
export const CaptionLanguageSchema = z.enum(CAPTION_LANGUAGES);

export const CAPTION_TEXT_MAX = 600;
export const CAPTIONS_PER_PUBLISH_MAX = 24;

/** A protected span in a caption's text: a catalog term (product name, size, price) kept exact. */
export const CaptionTermSchema = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The catalog product the term belongs to, when it is a product's name or price. */
  productId: z.string().max(64).nullable(),
  kind: z.enum(['product', 'price', 'size', 'brand']),
});
export type CaptionTerm = z.infer<typeof CaptionTermSchema>;

/**
 * One caption for one language. Partial captions of an utterance share its id and are replaced by the
 * next one; the final caption of that id is the last. Times are stream-relative (ms since the captions
 * started), emittedAt is wall-clock ms since the epoch at the host when the caption was produced.
 */
export const CaptionSchema = z
  .object({
    id: z.string().min(1).max(64),
    lang: LanguageTagSchema,
    text: z.string().max(CAPTION_TEXT_MAX),
    final: z.boolean(),
    startMs: z.number().nonnegative().max(1e10),
    endMs: z.number().nonnegative().max(1e10),
    emittedAt: z.number().nonnegative(),
    /** True for the recognised speech itself, false for a translation. */
    source: z.boolean(),
    terms: z.array(CaptionTermSchema).max(32),
    /**
     * The AI engine that made the caption ('local', 'cloud-openai', 'deepl'...): replay exports say it. Optional
     * (older studios do not send it; those captions are labelled as made by an unnamed AI engine).
     */
    engine: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{0,39}$/)
      .optional(),
  })
  .refine((c) => c.endMs >= c.startMs, 'endMs before startMs')
  .refine((c) => c.terms.every((t) => t.end <= c.text.length && t.start < t.end), 'term outside text');
export type Caption = z.output<typeof CaptionSchema>;

/** Host -> backend: captions for the room, checked against the room's host key. */
export const CaptionPublishSchema = z.object({
  roomId: z.string().min(1).max(64),
  hostKey: z.string().min(16).max(128),
  captions: z.array(CaptionSchema).min(1).max(CAPTIONS_PER_PUBLISH_MAX),
});
export type CaptionPublish = z.input<typeof CaptionPublishSchema>;

/** Viewer (or host) -> backend: which caption language this connection wants; null turns captions off. */
export const CaptionSubscribeSchema = z.object({
  roomId: z.string().min(1).max(64),
  lang: LanguageTagSchema.nullable(),
});
export type CaptionSubscribe = z.infer<typeof CaptionSubscribeSchema>;

/** Backend -> clients that subscribed to the caption's language. */
export interface CaptionEvent {
  roomId: string;
  caption: Caption;
}

/** Backend -> host: the caption languages viewers of the room have asked for, with how many each. */
export interface CaptionDemand {
  roomId: string;
  languages: Record<string, number>;
}

// ---- the studio host's captions service (window.studio.captions / .models / .translate) ----

export const ASR_MODELS = ['whisper-tiny', 'whisper-base', 'whisper-small'] as const;
export const AsrModelSchema = z.enum(ASR_MODELS);
export type AsrModel = z.infer<typeof AsrModelSchema>;

export const CaptionEngineSchema = z.enum(['local', 'cloud']);
export type CaptionEngine = z.infer<typeof CaptionEngineSchema>;

/** Settings as the renderer sees them: secrets are never sent back, only whether they are set. */
export const CaptionSettingsSchema = z.object({
  recognizer: CaptionEngineSchema,
  translator: z.enum(['local', 'cloud-openai', 'deepl']),
  asrModel: AsrModelSchema,
  sourceLang: CaptionLanguageSchema,
  openaiBaseUrl: z.url().max(300),
  openaiTranscribeModel: z.string().min(1).max(80),
  openaiChatModel: z.string().min(1).max(80),
  openaiKeySet: z.boolean(),
  deeplBaseUrl: z.url().max(300),
  deeplKeySet: z.boolean(),
});
export type CaptionSettings = z.infer<typeof CaptionSettingsSchema>;

export const DEFAULT_CAPTION_SETTINGS: CaptionSettings = {
  recognizer: 'local',
  translator: 'local',
  asrModel: 'whisper-base',
  sourceLang: 'zh-CN',
  openaiBaseUrl: 'https://api.openai.com/v1',
  openaiTranscribeModel: 'whisper-1',
  openaiChatModel: 'gpt-4o-mini',
  openaiKeySet: false,
  deeplBaseUrl: 'https://api-free.deepl.com',
  deeplKeySet: false,
};

export const CaptionSettingsPatchSchema = CaptionSettingsSchema.omit({
  openaiKeySet: true,
  deeplKeySet: true,
})
  .partial()
  .extend({
    /** A new key, or '' to forget the stored one. */
    openaiKey: z.string().max(300).optional(),
    deeplKey: z.string().max(300).optional(),
  })
  .strict();
export type CaptionSettingsPatch = z.infer<typeof CaptionSettingsPatchSchema>;

export const MODEL_STATES = ['missing', 'downloading', 'verifying', 'ready', 'error'] as const;
export const ModelStatusSchema = z.object({
  id: z.string(),
  kind: z.enum(['vad', 'asr', 'mt']),
  /** Human name, e.g. "Whisper base (speech recognition)". */
  name: z.string(),
  state: z.enum(MODEL_STATES),
  /** Total size in bytes (exact once known, else the catalog's estimate). */
  bytes: z.number().nonnegative(),
  downloadedBytes: z.number().nonnegative(),
  error: z.string().nullable(),
  /** Whether the captions as configured need this model now. */
  required: z.boolean(),
});
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

export const CaptionsStartSchema = z.object({
  roomId: z.string().min(1).max(64),
  hostKey: z.string().min(16).max(128),
  /** Languages to translate into from the start; the room's viewer demand is added as it comes. */
  targets: z.array(CaptionLanguageSchema).max(CAPTION_LANGUAGES.length),
});
export type CaptionsStart = z.infer<typeof CaptionsStartSchema>;

export const LaneStatusSchema = z.object({
  lang: z.string(),
  text: z.string(),
  final: z.boolean(),
  /** End of speech to this language's last final caption, ms. */
  lagMs: z.number().nullable(),
});

export const CaptionsStatusSchema = z.object({
  state: z.enum(['idle', 'starting', 'listening', 'error']),
  error: z.string().nullable(),
  roomId: z.string().nullable(),
  sourceLang: z.string(),
  targets: z.array(z.string()),
  lanes: z.array(LaneStatusSchema),
  /** End of speech to final caption over the last utterances (all languages), ms. */
  lagP50Ms: z.number().nullable(),
  lagP95Ms: z.number().nullable(),
  /** Recognizer compute time over audio time (below 1 keeps up). */
  rtf: z.number().nullable(),
  speaking: z.boolean(),
  models: z.array(ModelStatusSchema),
});
export type CaptionsStatus = z.infer<typeof CaptionsStatusSchema>;

/** 16 kHz mono PCM from the renderer's AudioWorklet: little-endian int16, base64, at most 1 s a chunk. */
export const AUDIO_SAMPLE_RATE = 16_000;
export const AudioChunkSchema = z.object({
  seq: z.number().int().nonnegative(),
  pcm: z
    .string()
    .max(Math.ceil((AUDIO_SAMPLE_RATE * 2 * 4) / 3) + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
});
export type AudioChunk = z.infer<typeof AudioChunkSchema>;

export const TranslateRequestSchema = z.object({
  target: CaptionLanguageSchema,
  items: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        text: z.string().min(1).max(400),
        lang: LanguageTagSchema.nullable(),
      }),
    )
    .min(1)
    .max(50),
});
export type TranslateRequest = z.input<typeof TranslateRequestSchema>;
export const TranslationSchema = z.object({ id: z.string(), text: z.string(), lang: z.string() });
export type Translation = z.infer<typeof TranslationSchema>;

/** Maps a content language tag onto the caption language that serves it (es-MX -> es, zh-Hans -> zh-CN). */
export function captionLanguageFor(tag: string): CaptionLanguage | null {
  const lower = tag.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-cn') || lower.startsWith('zh-hans') || lower === 'zh-sg') {
    return 'zh-CN';
  }
  const base = lower.split('-')[0] ?? lower;
  return (CAPTION_LANGUAGES as readonly string[]).includes(base) ? (base as CaptionLanguage) : null;
}
