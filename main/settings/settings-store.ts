// The studio's one settings store: every preference in <userData>/settings.json (versioned, migrated on
// load, written atomically). API keys are not preferences: they stay in caption-keys.json (CaptionKeysFile).
// A corrupt or hand-edited file never stops the studio and never costs the user the preferences that were
// still good: bad fields fall back to their defaults and the original file is kept aside.
import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../core/protocol/result';
import {
  StudioSettingsSchema,
  type StudioSettings,
  type StudioSettingsPatch,
} from '../../core/protocol/studio-settings';
import type { Logger } from '../log';
import { keepAside, writeJsonAtomic } from './atomic-file';
import {
  CaptionPrefsSchema,
  migrateSettings,
  SETTINGS_VERSION,
  SettingsFileError,
  SettingsFileSchema,
  type CaptionPrefs,
  type LegacySources,
  type SettingsFile,
} from './settings-file';

export const SETTINGS_FILE = 'settings.json';
/** v1's caption engine settings: imported into settings.json once, then renamed to captions.json.imported. */
export const LEGACY_CAPTIONS_FILE = 'captions.json';

type ReadResult = { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'error'; error: unknown };

function read(file: string): ReadResult {
  try {
    return { kind: 'text', text: readFileSync(file, 'utf8') };
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? { kind: 'missing' }
      : { kind: 'error', error };
  }
}

export class SettingsStore {
  readonly file: string;
  /** Why the file on disk could not be used as it was, this run; null when it could. */
  readonly loadError: SettingsFileError | null = null;
  private current: SettingsFile;

  constructor(
    private readonly userDataDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(userDataDir, SETTINGS_FILE);
    const { settings, error } = this.load();
    this.current = settings;
    this.loadError = error;
  }

  /** The preferences the renderer sees. */
  get(): StudioSettings {
    return StudioSettingsSchema.parse(this.current);
  }

  update(patch: StudioSettingsPatch): StudioSettings {
    this.write({ ...this.current, ...patch });
    return this.get();
  }

  /** The caption engine settings (keys are CaptionKeysFile's). */
  captions(): CaptionPrefs {
    return { ...this.current.captions };
  }

  updateCaptions(patch: Partial<CaptionPrefs>): CaptionPrefs {
    this.write({
      ...this.current,
      captions: CaptionPrefsSchema.parse({ ...this.current.captions, ...patch }),
    });
    return this.captions();
  }

  /**
   * Every change goes through here: validated, written whole, and only then made current, so what the studio
   * shows is what is on disk. Calls run one at a time (synchronously), so no change overwrites another.
   */
  private write(next: SettingsFile): void {
    const value = SettingsFileSchema.parse(next);
    try {
      writeJsonAtomic(this.file, value);
    } catch (error) {
      this.log.error({ file: this.file, err: String(error) }, 'settings could not be saved');
      throw new StudioError('unavailable', `Settings could not be saved to ${this.file}: ${String(error)}`);
    }
    this.current = value;
  }

  private load(): { settings: SettingsFile; error: SettingsFileError | null } {
    let raw: Record<string, unknown> | undefined;
    let error: SettingsFileError | null = null;
    const got = read(this.file);
    if (got.kind === 'error') {
      error = new SettingsFileError('unreadable', this.file, keepAside(this.file, 'bad', 'move'));
    } else if (got.kind === 'text') {
      try {
        const parsed: unknown = JSON.parse(got.text);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        raw = parsed as Record<string, unknown>;
      } catch {
        error = new SettingsFileError('not_json', this.file, keepAside(this.file, 'bad', 'move'));
      }
    }
    const legacyFile = path.join(this.userDataDir, LEGACY_CAPTIONS_FILE);
    const loaded = migrateSettings(raw, this.legacySources(raw, legacyFile));
    if (!error && loaded.fromVersion > SETTINGS_VERSION) {
      const keptAs = keepAside(this.file, `v${loaded.fromVersion}`, 'copy');
      error = new SettingsFileError('newer_version', this.file, keptAs);
    } else if (!error && loaded.dropped.length > 0) {
      const keptAs = keepAside(this.file, 'bad', 'copy');
      error = new SettingsFileError('invalid_fields', this.file, keptAs, loaded.dropped);
    }
    if (error)
      this.log.warn({ file: this.file, problem: error.problem, keptAs: error.keptAs }, error.message);
    // Written back at once when anything changed, so the file on disk is the current version and valid.
    if (raw === undefined || loaded.fromVersion !== SETTINGS_VERSION || loaded.dropped.length > 0) {
      try {
        writeJsonAtomic(this.file, loaded.settings);
        if (loaded.importedCaptions) this.retire(legacyFile);
      } catch (e) {
        this.log.error({ file: this.file, err: String(e) }, 'migrated settings could not be saved');
      }
    }
    return { settings: loaded.settings, error };
  }

  /** v1's captions.json, read only when the settings are still v1 (or new). */
  private legacySources(raw: Record<string, unknown> | undefined, legacyFile: string): LegacySources {
    if (raw !== undefined && raw.version !== undefined) return {};
    const got = read(legacyFile);
    if (got.kind !== 'text') return {};
    try {
      return { captions: JSON.parse(got.text) as unknown };
    } catch {
      this.log.warn(
        { file: legacyFile },
        'old caption settings are not valid JSON; caption defaults are used',
      );
      return {};
    }
  }

  /** The imported file is renamed, not deleted: never read again, still there for a downgrade or support. */
  private retire(legacyFile: string): void {
    try {
      renameSync(legacyFile, `${legacyFile}.imported`);
      this.log.info({ file: legacyFile }, 'caption settings imported into settings.json');
    } catch (error) {
      this.log.warn({ file: legacyFile, err: String(error) }, 'imported caption settings file left in place');
    }
  }
}
