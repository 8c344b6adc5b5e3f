// Studio settings in <userData>/settings.json. Written atomically; a corrupt or hand-edited file never
// stops the studio: it is kept aside as settings.json.bad and defaults are used.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, StudioSettingsSchema, type StudioSettings } from '../../core/protocol/studio-api';
import type { Logger } from '../log';

export class SettingsStore {
  private readonly file: string;
  private current: StudioSettings;

  constructor(
    userDataDir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(userDataDir, { recursive: true });
    this.file = path.join(userDataDir, 'settings.json');
    this.current = this.load();
  }

  get(): StudioSettings {
    return { ...this.current };
  }

  update(patch: Partial<StudioSettings>): StudioSettings {
    const next = StudioSettingsSchema.parse({ ...this.current, ...patch });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
    renameSync(tmp, this.file);
    this.current = next;
    return this.get();
  }

  private load(): StudioSettings {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
    try {
      return StudioSettingsSchema.parse({ ...DEFAULT_SETTINGS, ...JSON.parse(text) });
    } catch (error) {
      this.log.warn({ file: this.file, err: String(error) }, 'settings file unreadable; using defaults');
      try {
        renameSync(this.file, `${this.file}.bad`);
      } catch {
        // keeping the bad copy is best effort
      }
      return { ...DEFAULT_SETTINGS };
    }
  }
}
