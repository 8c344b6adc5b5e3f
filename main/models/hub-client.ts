// Talks to the Hugging Face hub (or a mirror): the revision and tree APIs, file URLs, retries with backoff,
// and the stall timeout that turns a silent connection into a retryable failure.
import { nextLink, TreeSchema, type TreeEntry } from './hub-manifest';
import { UNPINNED_BRANCH, type HubModelEntry, type ModelEntry } from './model-catalog';
import { RetryableError } from './model-store-error';
import type { ModelStoreMessages } from './model-store-messages';
import { commitFromRevisionInfo } from './model-pins';
import type { Logger } from '../log';

const TREE_MAX_CHARS = 16 * 1024 * 1024;
const TREE_MAX_PAGES = 50;

function encodePath(repoPath: string): string {
  return repoPath.split('/').map(encodeURIComponent).join('/');
}

export interface HubClientOptions {
  /** The hub's address, without a trailing slash. */
  baseUrl: string;
  fetch: typeof fetch;
  log: Logger;
  messages: ModelStoreMessages;
  /** Further attempts after a network failure or a 5xx, per request. */
  retries: number;
  /** Wait before the first retry, doubled for each later one. */
  retryDelayMs: number;
  /** A response that sends nothing for this long is dropped and retried. */
  stallTimeoutMs: number;
}

export class HubClient {
  constructor(private readonly options: HubClientOptions) {}

  get stallTimeoutMs(): number {
    return this.options.stallTimeoutMs;
  }

  /** Where a file of a repo is downloaded from, at a commit. */
  fileUrl(entry: HubModelEntry, revision: string, repoPath: string): string {
    return `${this.options.baseUrl}/${encodePath(entry.repo)}/resolve/${encodeURIComponent(revision)}/${encodePath(repoPath)}`;
  }

  /** The commit the head of UNPINNED_BRANCH is at now, for a model pinned on first use. */
  async fetchHeadCommit(entry: HubModelEntry, signal: AbortSignal): Promise<string> {
    const url = `${this.options.baseUrl}/api/models/${encodePath(entry.repo)}/revision/${UNPINNED_BRANCH}`;
    const { json } = await this.getJson(entry, url, 'the revision info', signal);
    const commit = commitFromRevisionInfo(json);
    if (!commit) {
      throw this.options.messages.invalidError(
        entry,
        `the revision info of ${UNPINNED_BRANCH} names no commit`,
      );
    }
    return commit;
  }

  /** Every entry of the repo's tree at `revision`, following the listing's pages. */
  async fetchTree(entry: HubModelEntry, revision: string, signal: AbortSignal): Promise<TreeEntry[]> {
    const { messages } = this.options;
    const entries: TreeEntry[] = [];
    let url: string | null =
      `${this.options.baseUrl}/api/models/${encodePath(entry.repo)}/tree/${encodeURIComponent(revision)}` +
      '?recursive=true';
    for (let page = 0; url; page += 1) {
      if (page >= TREE_MAX_PAGES)
        throw messages.invalidError(entry, 'the file list goes on for too many pages');
      const pageUrl: string = url;
      const { json, link } = await this.getJson(entry, pageUrl, 'the file list', signal);
      const parsed = TreeSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
        throw messages.invalidError(
          entry,
          `the file list is malformed${where}: ${issue?.message ?? 'unexpected shape'}`,
        );
      }
      entries.push(...parsed.data);
      url = this.nextPage(entry, pageUrl, nextLink(link));
    }
    return entries;
  }

  /** One GET; a network failure becomes a retryable `offline` error, an abort an `aborted` one. */
  async send(
    entry: ModelEntry,
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    stall: AbortSignal | null,
    partKept = false,
  ): Promise<Response> {
    const fetchFn = this.options.fetch;
    try {
      return await fetchFn(url, {
        headers,
        redirect: 'follow',
        signal: stall ? AbortSignal.any([signal, stall]) : signal,
      });
    } catch (error) {
      throw this.options.messages.networkFailure(entry, error, signal, stall, partKept);
    }
  }

  /** The next chunk of a response body; a failed read becomes a retryable `offline` error (or `aborted`). */
  async readChunk(
    entry: ModelEntry,
    reader: ReadableStreamDefaultReader<Uint8Array>,
    signal: AbortSignal,
    stall: AbortSignal,
    partKept: boolean,
  ): Promise<ReadableStreamReadResult<Uint8Array>> {
    try {
      return await readOrAbort(reader, signal, stall);
    } catch (error) {
      throw this.options.messages.networkFailure(entry, error, signal, stall, partKept);
    }
  }

  /** Runs `attempt` until it succeeds, fails for good, or the retries of a RetryableError run out. */
  async withRetries<T>(entry: ModelEntry, signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
    for (let tries = 0; ; tries += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (signal.aborted) throw this.options.messages.abortedError(entry);
        if (!(error instanceof RetryableError)) throw error;
        if (tries >= this.options.retries) throw error.final;
        const wait = this.options.retryDelayMs * 2 ** tries;
        this.options.log.warn(
          { model: entry.id, attempt: tries + 1, waitMs: wait, reason: error.message },
          'retrying',
        );
        await this.sleep(wait, signal, entry);
      }
    }
  }

  /** One small JSON answer (a listing page, revision info), with retries. */
  private async getJson(
    entry: HubModelEntry,
    url: string,
    what: string,
    signal: AbortSignal,
  ): Promise<{ json: unknown; link: string | null }> {
    const { text, link } = await this.withRetries(entry, signal, async () => {
      // A listing is small: one that takes longer than a stall is treated like a stalled download.
      const stall = AbortSignal.timeout(this.options.stallTimeoutMs);
      const response = await this.send(entry, url, {}, signal, stall);
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        throw this.options.messages.httpFailure(entry, response.status, null);
      }
      return {
        text: await this.readLimitedText(entry, response, signal, stall),
        link: response.headers.get('link'),
      };
    });
    try {
      return { json: JSON.parse(text) as unknown, link };
    } catch {
      throw this.options.messages.invalidError(entry, `${what} is not JSON`);
    }
  }

  private nextPage(entry: HubModelEntry, current: string, next: string | null): string | null {
    if (!next) return null;
    const resolved = new URL(next, current);
    // The listing must not send the store to another host.
    if (resolved.origin !== new URL(this.options.baseUrl).origin) {
      throw this.options.messages.invalidError(
        entry,
        `the file list points to another server (${resolved.origin})`,
      );
    }
    return resolved.href;
  }

  private async readLimitedText(
    entry: HubModelEntry,
    response: Response,
    signal: AbortSignal,
    stall: AbortSignal,
  ): Promise<string> {
    if (!response.body) return '';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    try {
      for (;;) {
        const chunk = await this.readChunk(entry, reader, signal, stall, false);
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
        if (text.length > TREE_MAX_CHARS) {
          await reader.cancel().catch(() => undefined);
          throw this.options.messages.invalidError(entry, 'the file list is far too long');
        }
      }
    } finally {
      try {
        reader.releaseLock();
      } catch {
        // a read given up on an abort may still be pending: the cancelled stream is dropped anyway
      }
    }
    return text + decoder.decode();
  }

  private sleep(ms: number, signal: AbortSignal, entry: ModelEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(this.options.messages.abortedError(entry));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * reader.read(), given up when `signal` or `stall` aborts. fetch's own signal is meant to error the body
 * too, but a read that was already waiting can miss it and wait for ever (about 1 in 40 under load): then
 * a closing store never finished its downloads. The reader is cancelled in the background.
 */
export function readOrAbort<T>(
  reader: ReadableStreamDefaultReader<T>,
  signal: AbortSignal,
  stall: AbortSignal,
): Promise<ReadableStreamReadResult<T>> {
  const fired = signal.aborted ? signal : stall.aborted ? stall : null;
  if (fired) {
    reader.cancel(fired.reason).catch(() => undefined);
    return Promise.reject(fired.reason as Error);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (event: Event) => {
      cleanup();
      const reason = (event.target as AbortSignal).reason as Error;
      reader.cancel(reason).catch(() => undefined);
      reject(reason);
    };
    const cleanup = () => {
      signal.removeEventListener('abort', onAbort);
      stall.removeEventListener('abort', onAbort);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stall.addEventListener('abort', onAbort, { once: true });
    reader.read().then(
      (result) => {
        cleanup();
        resolve(result);
      },
      (error: unknown) => {
        cleanup();
        reject(error as Error);
      },
    );
  });
}
