// Cloud engine API keys in <userData>/caption-keys.json, readable by the user only (mode 0600): secrets,
// kept apart from the preferences in settings.json so that file can be shared, backed up or shown freely.
// Keys are never sent back to the renderer; it only learns whether each one is set.
import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../core/protocol/result';
import type { Logger } from '../log';
import { keepAside, writeJsonAtomic } from './atomic-file';

export const CAPTION_KEYS_FILE = 'caption-keys.json';
export const KEYS_FILE_MODE = 0o600;

const CaptionKeysSchema = z.object({
  openaiKey: z.string().min(1).max(300).optional().catch(undefined),
  deeplKey: z.string().min(1).max(300).optional().catch(undefined),
});
export type CaptionKeys = z.infer<typeof CaptionKeysSchema>;

/** A new key for each engine named, or '' to forget the stored one. */
export interface CaptionKeysPatch {
  openaiKey?: string;
  deeplKey?: string;
}

export class CaptionKeysFile {
  readonly file: string;
  private keys: CaptionKeys;

  constructor(
    userDataDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(userDataDir, CAPTION_KEYS_FILE);
    this.keys = this.load();
  }

  get(): CaptionKeys {
    return { ...this.keys };
  }

  update(patch: CaptionKeysPatch): CaptionKeys {
    const next: CaptionKeys = { ...this.keys };
    for (const name of ['openaiKey', 'deeplKey'] as const) {
      const given = patch[name];
      if (given === undefined) continue;
      if (given.trim()) next[name] = given.trim();
      else delete next[name];
    }
    try {
      writeJsonAtomic(this.file, next, KEYS_FILE_MODE);
    } catch (error) {
      this.log.error({ file: this.file, err: String(error) }, 'API keys could not be saved');
      throw new StudioError('unavailable', `The API keys could not be saved to ${this.file}`);
    }
    this.keys = next;
    return this.get();
  }

  private load(): CaptionKeys {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    this.tighten();
    try {
      return CaptionKeysSchema.parse(JSON.parse(text));
    } catch {
      // Renaming keeps the 0600 mode: the kept copy is as private as the file was.
      const keptAs = keepAside(this.file, 'bad', 'move');
      this.log.warn(
        { file: this.file, keptAs },
        'API keys file is not valid JSON; the keys must be entered again',
      );
      return {};
    }
  }

  /** A keys file others can read (copied in, or written by an old version) is made private again. */
  private tighten(): void {
    if (process.platform === 'win32') return;
    try {
      if ((statSync(this.file).mode & 0o777) === KEYS_FILE_MODE) return;
      chmodSync(this.file, KEYS_FILE_MODE);
      this.log.warn({ file: this.file }, 'API keys file was readable by others; it is private (0600) again');
    } catch (error) {
      this.log.warn({ file: this.file, err: String(error) }, 'API keys file mode could not be checked');
    }
  }
}
