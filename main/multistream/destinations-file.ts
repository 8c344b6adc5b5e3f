// The multistream destinations in <userData>/destinations.json, readable by the user only (mode 0600) because
// it holds the stream keys. Like the caption keys, a key never leaves the host towards the page: list() says
// only whether one is set; the keys go to the backend when the studio goes live (enabledWithKeys).
import { randomUUID } from 'node:crypto';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  MULTISTREAM_MAX_DESTINATIONS,
  platformOf,
  RtmpUrlSchema,
  type Destination,
  type DestinationInput,
  type MultistreamStart,
} from '../../core/protocol/multistream';
import { StudioError } from '../../core/protocol/result';
import type { Logger } from '../log';
import { keepAside, writeJsonAtomic } from '../settings/atomic-file';

export const DESTINATIONS_FILE = 'destinations.json';
export const DESTINATIONS_FILE_MODE = 0o600;

const StoredDestinationSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(60),
  url: RtmpUrlSchema,
  key: z.string().min(1).max(500).optional(),
  enabled: z.boolean(),
});
type StoredDestination = z.infer<typeof StoredDestinationSchema>;

const FileSchema = z.object({ destinations: z.array(z.unknown()) });

export type DestinationWithKey = MultistreamStart['destinations'][number];

const noKey = (name: string) =>
  new StudioError('invalid_argument', `Destination "${name}" is on but has no stream key`, [
    { path: 'key', message: 'a stream key is needed for a destination that is on' },
  ]);

export class DestinationsFile {
  readonly file: string;
  private items: StoredDestination[];

  constructor(
    userDataDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(userDataDir, DESTINATIONS_FILE);
    this.items = this.load();
  }

  /** The destinations as the page sees them: whether a key is set, never the key. */
  list(): Destination[] {
    return this.items.map(toPublic);
  }

  /**
   * Adds (no id) or changes (id) a destination. A key given replaces the stored one, '' forgets it, no key
   * keeps it. A destination that is on needs a key; at most MULTISTREAM_MAX_DESTINATIONS are kept.
   */
  save(input: DestinationInput): Destination {
    const existing = input.id ? this.items.find((d) => d.id === input.id) : undefined;
    if (input.id && !existing) throw new StudioError('not_found', `No destination ${input.id}`);
    if (!existing && this.items.length >= MULTISTREAM_MAX_DESTINATIONS) {
      throw new StudioError(
        'capacity',
        `At most ${MULTISTREAM_MAX_DESTINATIONS} destinations can be kept; remove one first`,
      );
    }
    const given = input.key?.trim();
    const key = given === undefined ? existing?.key : given || undefined;
    if (input.enabled && !key) throw noKey(input.name);
    const next: StoredDestination = {
      id: existing?.id ?? randomUUID(),
      name: input.name,
      url: input.url,
      enabled: input.enabled,
      ...(key ? { key } : {}),
    };
    this.write(existing ? this.items.map((d) => (d === existing ? next : d)) : [...this.items, next]);
    return toPublic(next);
  }

  remove(id: string): void {
    if (!this.items.some((d) => d.id === id)) throw new StudioError('not_found', `No destination ${id}`);
    this.write(this.items.filter((d) => d.id !== id));
  }

  /** What the backend is sent when the studio goes live: the destinations that are on, with their keys. */
  enabledWithKeys(): DestinationWithKey[] {
    return this.items
      .filter((d) => d.enabled)
      .map((d) => {
        if (!d.key) throw noKey(d.name);
        return { id: d.id, name: d.name, url: d.url, key: d.key };
      });
  }

  private write(items: StoredDestination[]): void {
    try {
      writeJsonAtomic(this.file, { destinations: items }, DESTINATIONS_FILE_MODE);
    } catch (error) {
      this.log.error({ file: this.file, err: String(error) }, 'destinations could not be saved');
      throw new StudioError('unavailable', `The destinations could not be saved to ${this.file}`);
    }
    this.items = items;
  }

  private load(): StoredDestination[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    this.tighten();
    let raw: unknown[];
    try {
      raw = FileSchema.parse(JSON.parse(text)).destinations;
    } catch {
      // Renaming keeps the 0600 mode: the kept copy is as private as the file was.
      const keptAs = keepAside(this.file, 'bad', 'move');
      this.log.warn(
        { file: this.file, keptAs },
        'destinations file is not valid; destinations must be added again',
      );
      return [];
    }
    const items: StoredDestination[] = [];
    for (const entry of raw.slice(0, MULTISTREAM_MAX_DESTINATIONS)) {
      const parsed = StoredDestinationSchema.safeParse(entry);
      if (parsed.success && !items.some((d) => d.id === parsed.data.id)) items.push(parsed.data);
    }
    const dropped = raw.length - items.length;
    if (dropped > 0)
      this.log.warn({ file: this.file, dropped }, 'destinations file: invalid entries left out');
    return items;
  }

  /** A destinations file others can read is made private again. */
  private tighten(): void {
    if (process.platform === 'win32') return;
    try {
      if ((statSync(this.file).mode & 0o777) === DESTINATIONS_FILE_MODE) return;
      chmodSync(this.file, DESTINATIONS_FILE_MODE);
      this.log.warn(
        { file: this.file },
        'destinations file was readable by others; it is private (0600) again',
      );
    } catch (error) {
      this.log.warn({ file: this.file, err: String(error) }, 'destinations file mode could not be checked');
    }
  }
}

function toPublic(d: StoredDestination): Destination {
  return {
    id: d.id,
    name: d.name,
    url: d.url,
    keySet: Boolean(d.key),
    enabled: d.enabled,
    platform: platformOf(d.url),
  };
}
