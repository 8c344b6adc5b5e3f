// Viewer comments translated into the host's language: asked for in small batches (one request in flight
// at a time), cached by comment id and target language, never blocking the comment list. A failed
// translation is shown as unavailable and asked for again only after a while.
import type { CaptionLanguage, TranslateRequest, Translation } from '../../../core/protocol/captions';
import { LanguageTagSchema } from '../../../core/protocol/languages';
import type { Result } from '../../../core/protocol/result';
import type { CommentWire } from '../../../core/protocol/room-events';
import { sameLanguage } from '../../captions/caption-languages';

export type TranslationEntry =
  { state: 'pending' } | { state: 'done'; text: string } | { state: 'failed'; at: number };

export interface CommentTranslatorOptions {
  translate(request: TranslateRequest): Promise<Result<Translation[]>>;
  /** Comments per request (the host takes up to 50). */
  batchSize?: number;
  /** How long to gather comments before asking (ms). */
  gatherMs?: number;
  /** A failed comment is asked for again when shown after this long (ms). */
  retryAfterMs?: number;
  /** Entries kept (the studio shows the last 300 comments). */
  cacheSize?: number;
  now?: () => number;
}

/** Whether the host needs this comment translated: a viewer's, in a language the host does not read. */
export function needsTranslation(comment: CommentWire, readerLanguages: readonly string[]): boolean {
  const lang = comment.x?.lang;
  if (comment.k !== 'v' || !lang || lang === 'und' || !comment.text.trim()) return false;
  return !readerLanguages.some((reader) => sameLanguage(reader, lang));
}

interface Queued {
  target: CaptionLanguage;
  item: TranslateRequest['items'][number];
}

export class CommentTranslator {
  private readonly cache = new Map<string, TranslationEntry>();
  private queue: Queued[] = [];
  private inFlight = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private closed = false;
  private readonly batchSize: number;
  private readonly gatherMs: number;
  private readonly retryAfterMs: number;
  private readonly cacheSize: number;
  private readonly now: () => number;

  constructor(private readonly options: CommentTranslatorOptions) {
    this.batchSize = Math.min(50, options.batchSize ?? 10);
    this.gatherMs = options.gatherMs ?? 150;
    this.retryAfterMs = options.retryAfterMs ?? 30_000;
    this.cacheSize = options.cacheSize ?? 1000;
    this.now = options.now ?? Date.now;
  }

  get(target: string, commentId: string): TranslationEntry | undefined {
    return this.cache.get(key(target, commentId));
  }

  /** Asks for every comment not translated into `target` yet (the caller picks which need it). */
  request(target: CaptionLanguage, comments: readonly Pick<CommentWire, 'id' | 'text' | 'x'>[]): void {
    if (this.closed) return;
    let added = false;
    for (const c of comments) {
      const k = key(target, c.id);
      const known = this.cache.get(k);
      if (known && !(known.state === 'failed' && this.now() - known.at >= this.retryAfterMs)) continue;
      const lang = c.x?.lang && LanguageTagSchema.safeParse(c.x.lang).success ? c.x.lang : null;
      this.set(k, { state: 'pending' });
      this.queue.push({ target, item: { id: c.id, text: c.text.slice(0, 400), lang } });
      added = true;
    }
    if (added) {
      this.changed();
      this.schedule();
    }
  }

  /** For useSyncExternalStore: a number that changes whenever an entry does. */
  readonly getVersion = (): number => this.version;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer || this.inFlight || this.queue.length === 0 || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.gatherMs);
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.closed) return;
    const first = this.queue[0];
    if (!first) return;
    const batch: Queued[] = [];
    const rest: Queued[] = [];
    for (const q of this.queue) {
      if (q.target === first.target && batch.length < this.batchSize) batch.push(q);
      else rest.push(q);
    }
    this.queue = rest;
    this.inFlight = true;
    let result: Result<Translation[]>;
    try {
      result = await this.options.translate({ target: first.target, items: batch.map((q) => q.item) });
    } catch {
      result = { ok: false, error: { code: 'internal', message: 'Translation failed' } };
    }
    this.inFlight = false;
    if (this.closed) return;
    const byId = new Map(result.ok ? result.value.map((t) => [t.id, t.text]) : []);
    for (const { target, item } of batch) {
      const text = byId.get(item.id);
      this.set(
        key(target, item.id),
        typeof text === 'string' && text.trim()
          ? { state: 'done', text }
          : { state: 'failed', at: this.now() },
      );
    }
    this.changed();
    if (this.queue.length > 0) void this.flush();
  }

  private set(k: string, entry: TranslationEntry): void {
    this.cache.delete(k);
    this.cache.set(k, entry);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

const key = (target: string, id: string) => `${target}\u0000${id}`;
