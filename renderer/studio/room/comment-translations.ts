// Viewer comments translated into the host's language: asked for in small batches (one request in flight
// at a time), cached by comment id and target language, never blocking the comment list. Only a real
// translation is kept as one: the host answers a comment it cannot translate (no model or engine for its
// language) with the comment itself, and that is recorded as a gap, asked for again only after a while,
// and summed up once (which languages, or the host's error) for the Captions card to say.
import {
  captionLanguageFor,
  type CaptionLanguage,
  type TranslateRequest,
  type Translation,
} from '../../../core/protocol/captions';
import { LanguageTagSchema } from '../../../core/protocol/languages';
import type { Result } from '../../../core/protocol/result';
import type { CommentWire } from '../../../core/protocol/room-events';
import { sameLanguage } from '../../captions/caption-languages';

export type TranslationEntry =
  | { state: 'pending' }
  /** A translation into the target: the only state that is shown under the comment. */
  | { state: 'done'; text: string }
  /** The translator answered with the comment's own words: there is nothing to show. */
  | { state: 'same' }
  /** The host has no translator from the comment's language into the target. */
  | { state: 'untranslated'; at: number }
  /** The request failed (the host's translator is not running, or errored). */
  | { state: 'failed'; at: number };

/** Why comments into one language are not being translated, for the host to read once. */
export interface TranslationGap {
  /** Comment languages (as tagged) the host answered untranslated, most recent last. */
  languages: string[];
  /** The host's error from the last request, while requests keep failing. */
  error: string | null;
}

const NO_GAP: TranslationGap = { languages: [], error: null };

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

/** A comment's language as the gap names it: es-MX and es are one language. */
const languageOf = (tag: string) => captionLanguageFor(tag) ?? tag.toLowerCase();

const comparable = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * What the host's answer for one comment is. The host (main/captions) sends a comment it cannot translate
 * back unchanged, tagged with the comment's language, so text alone never proves a translation: the answer
 * must be in the target language and say something other than the comment did.
 */
export function judgeTranslation(
  source: { text: string },
  answer: Translation | undefined,
  target: string,
): 'done' | 'same' | 'untranslated' | 'failed' {
  if (!answer || !answer.text.trim()) return 'failed';
  if (!sameLanguage(answer.lang, target)) return 'untranslated';
  return comparable(answer.text) === comparable(source.text) ? 'same' : 'done';
}

interface Queued {
  target: CaptionLanguage;
  item: TranslateRequest['items'][number];
  /** The comment's language as tagged (also when it is not a tag the host accepts), for the gap. */
  source: string;
}

export class CommentTranslator {
  private readonly cache = new Map<string, TranslationEntry>();
  /** Per target: languages answered untranslated (Set order is most recent last), and the last error. */
  private readonly gaps = new Map<string, { languages: Set<string>; error: string | null }>();
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

  /** Why comments are not being translated into `target` now; no languages and no error when they are. */
  gap(target: string): TranslationGap {
    const g = this.gaps.get(target);
    return g ? { languages: [...g.languages], error: g.error } : NO_GAP;
  }

  /** Asks for every comment not translated into `target` yet (the caller picks which need it). */
  request(target: CaptionLanguage, comments: readonly Pick<CommentWire, 'id' | 'text' | 'x'>[]): void {
    if (this.closed) return;
    let added = false;
    for (const c of comments) {
      const k = key(target, c.id);
      const known = this.cache.get(k);
      if (known && !(isRetryable(known) && this.now() - known.at >= this.retryAfterMs)) continue;
      const lang = c.x?.lang && LanguageTagSchema.safeParse(c.x.lang).success ? c.x.lang : null;
      this.set(k, { state: 'pending' });
      this.queue.push({
        target,
        item: { id: c.id, text: c.text.slice(0, 400), lang },
        source: languageOf(c.x?.lang ?? 'und'),
      });
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
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = { ok: false, error: { code: 'internal', message } };
    }
    this.inFlight = false;
    if (this.closed) return;
    const gap = this.gapOf(first.target);
    gap.error = result.ok ? null : result.error.message;
    const byId = new Map(result.ok ? result.value.map((t) => [t.id, t]) : []);
    for (const { target, item, source } of batch) {
      const answer = byId.get(item.id);
      const verdict = result.ok ? judgeTranslation(item, answer, target) : 'failed';
      const k = key(target, item.id);
      if (verdict === 'done') this.set(k, { state: 'done', text: answer!.text });
      else if (verdict === 'same') this.set(k, { state: 'same' });
      else this.set(k, { state: verdict, at: this.now() });
      // A language the host translated (or answered in the target) is no gap any more; one it sent back
      // untranslated is, until a later answer says otherwise (a model downloaded, another engine chosen).
      if (verdict === 'untranslated') {
        gap.languages.delete(source);
        gap.languages.add(source);
      } else if (verdict !== 'failed') gap.languages.delete(source);
    }
    this.changed();
    if (this.queue.length > 0) void this.flush();
  }

  private gapOf(target: string): { languages: Set<string>; error: string | null } {
    let g = this.gaps.get(target);
    if (!g) this.gaps.set(target, (g = { languages: new Set(), error: null }));
    return g;
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

const isRetryable = (
  entry: TranslationEntry,
): entry is Extract<TranslationEntry, { state: 'untranslated' | 'failed' }> =>
  entry.state === 'untranslated' || entry.state === 'failed';
