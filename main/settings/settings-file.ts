// The shape of <userData>/settings.json, its versions and the migrations between them.
//   v1 (before this file had a version): { language }.
//   v2: every studio preference: { version: 2, language, captionTargets, danmaku, captions }. The caption
//       engine settings that v1 kept in captions.json are imported into it; API keys stay in their own file.
//       Later additions to v2 (hiddenPanels, workspace, orientation) need no migration: a field the file lacks takes its default.
// Loading never fails: a field that does not fit the schema falls back to its default and is reported, the
// other fields are kept.
import { z } from 'zod';
import { CaptionSettingsSchema, DEFAULT_CAPTION_SETTINGS } from '../../core/protocol/captions';
import { DEFAULT_SETTINGS, StudioSettingsSchema } from '../../core/protocol/studio-settings';

export const SETTINGS_VERSION = 2;

/** Caption engine settings as stored: whether a key is set is the keys file's business, not stored here. */
export const CaptionPrefsSchema = CaptionSettingsSchema.omit({ openaiKeySet: true, deeplKeySet: true });
export type CaptionPrefs = z.infer<typeof CaptionPrefsSchema>;
const { openaiKeySet: _o, deeplKeySet: _d, ...DEFAULT_CAPTION_PREFS } = DEFAULT_CAPTION_SETTINGS;
export { DEFAULT_CAPTION_PREFS };

export const SettingsFileSchema = StudioSettingsSchema.extend({
  version: z.literal(SETTINGS_VERSION),
  captions: CaptionPrefsSchema,
});
export type SettingsFile = z.infer<typeof SettingsFileSchema>;

export const DEFAULT_SETTINGS_FILE: SettingsFile = {
  version: SETTINGS_VERSION,
  ...DEFAULT_SETTINGS,
  captions: DEFAULT_CAPTION_PREFS,
};

/** What v1 kept outside settings.json, read only when migrating from v1. */
export interface LegacySources {
  /** The parsed contents of captions.json, or undefined when there is none (or it is not JSON). */
  captions?: unknown;
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Migrations by the version they start from; each returns the next version's raw shape. */
const MIGRATIONS: Record<number, (data: Raw, legacy: LegacySources) => Raw> = {
  1: (data, legacy) => ({
    ...data,
    version: 2,
    captions: isRecord(legacy.captions) ? legacy.captions : {},
  }),
};

export interface LoadedSettings {
  settings: SettingsFile;
  /** The version the data was in (1 for a missing file: a first run migrates like a v1 install). */
  fromVersion: number;
  /** Paths of fields that did not fit and were replaced by their defaults (e.g. `captions.asrModel`). */
  dropped: string[];
  /** Whether captions.json was read into these settings. */
  importedCaptions: boolean;
}

/**
 * Brings the raw contents of settings.json (undefined when there is none) to the current version and
 * schema. A newer version than ours is read as ours: the fields we know are kept.
 */
export function migrateSettings(raw: Raw | undefined, legacy: LegacySources): LoadedSettings {
  let data: Raw = raw ?? {};
  const declared = data.version;
  const fromVersion = declared === undefined ? 1 : typeof declared === 'number' ? declared : 0;
  const dropped: string[] = fromVersion === 0 ? ['version'] : [];
  let version = Math.max(1, fromVersion);
  const importedCaptions = version === 1 && legacy.captions !== undefined;
  while (version < SETTINGS_VERSION) {
    data = MIGRATIONS[version]!(data, legacy);
    version++;
  }
  const { value, dropped: bad } = salvage(SettingsFileSchema, { ...data, version: SETTINGS_VERSION });
  return {
    settings: value as SettingsFile,
    fromVersion,
    dropped: [...dropped, ...bad],
    importedCaptions,
  };
}

/** Keeps every field of `data` that fits `schema`; the others get the default's value (objects field by field). */
function salvage(
  schema: z.ZodObject,
  data: Raw,
  defaults: Raw = DEFAULT_SETTINGS_FILE,
  at = '',
): {
  value: Raw;
  dropped: string[];
} {
  const value: Raw = {};
  const dropped: string[] = [];
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const given = data[key];
    const parsed = field.safeParse(given);
    if (parsed.success) {
      value[key] = parsed.data;
    } else if (field instanceof z.ZodObject && isRecord(given)) {
      const inner = salvage(field, given, defaults[key] as Raw, `${at}${key}.`);
      value[key] = inner.value;
      dropped.push(...inner.dropped);
    } else {
      value[key] = structuredClone(defaults[key]);
      // A field that is missing is new to this file, not a fault in it.
      if (given !== undefined) dropped.push(`${at}${key}`);
    }
  }
  return { value, dropped };
}

export type SettingsFileProblem = 'unreadable' | 'not_json' | 'invalid_fields' | 'newer_version';

/**
 * settings.json could not be used as it was. The studio runs on (with defaults for what was lost) and the
 * original is kept aside as `keptAs`; the message says so in words a person can act on.
 */
export class SettingsFileError extends Error {
  override readonly name = 'SettingsFileError';
  constructor(
    readonly problem: SettingsFileProblem,
    readonly file: string,
    readonly keptAs: string | null,
    /** For invalid_fields: the fields that fell back to their defaults. */
    readonly fields: string[] = [],
  ) {
    super(describe(problem, file, keptAs, fields));
  }
}

function describe(problem: SettingsFileProblem, file: string, keptAs: string | null, fields: string[]) {
  const kept = keptAs ? `; the original is kept as ${keptAs}` : '';
  switch (problem) {
    case 'unreadable':
      return `${file} could not be read; the studio uses default settings${kept}`;
    case 'not_json':
      return `${file} is not valid JSON; the studio uses default settings${kept}`;
    case 'invalid_fields':
      return `${file} had invalid values for ${fields.join(', ')}; those are back to their defaults, the other settings are kept${kept}`;
    case 'newer_version':
      return `${file} was written by a newer version of the studio; the settings this version knows are kept${kept}`;
  }
}
