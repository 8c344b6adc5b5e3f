// The one HTTP path every cloud engine takes, so they fail the same way: a refused key is 'auth', a busy or
// broken server gets exactly one bounded retry and is then 'unreachable', a body we cannot read is
// 'bad_response'. Live captions are useless a few seconds late, so every wait here is short and bounded.
import { EngineError } from '../engines';

export type FetchFn = typeof fetch;

export interface RetryPolicy {
  /** Backoff before the single retry when the server gives no Retry-After, ms. */
  delayMs: number;
  /** The longest wait we accept; a server that asks for more is failed at once, ms. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { delayMs: 300, maxDelayMs: 2_000 };
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface PostRequest {
  /** Human name of the service for messages: 'OpenAI', 'DeepL'. */
  service: string;
  url: string;
  headers: Record<string, string>;
  /** Built afresh for each attempt, so a retry never resends a consumed body. */
  body: () => BodyInit;
  fetch: FetchFn;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Redacted from any server text we repeat in an error message. */
  secret: string;
  retry?: RetryPolicy;
  /** A service's own reading of a refusal (a quota status, say), tried before the generic mapping. */
  classify?: (status: number, body: string) => EngineError | null;
}

/**
 * POSTs and returns the parsed JSON body of a 2xx answer. A caller's abort rejects with the signal's reason
 * (an AbortError, as fetch itself does) rather than an EngineError: the caller chose to stop, nothing failed.
 */
export async function postJson(req: PostRequest): Promise<unknown> {
  const retry = req.retry ?? DEFAULT_RETRY;
  const host = hostOf(req.url);
  req.signal?.throwIfAborted();

  for (let attempt = 0; ; attempt++) {
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await req.fetch(req.url, { method: 'POST', headers: req.headers, body: req.body(), signal });
      // The same signal covers the body: a server that sends headers and then stalls still times out.
      text = await res.text();
    } catch (err) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (timeout.aborted) {
        throw new EngineError(
          'unreachable',
          `${req.service} at ${host} did not answer within ${req.timeoutMs} ms.`,
        );
      }
      throw new EngineError(
        'unreachable',
        `Could not reach ${req.service} at ${host}: ${describeFailure(err)}.`,
      );
    }

    if (res.ok) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new EngineError(
          'bad_response',
          `${req.service} at ${host} answered with a body that is not JSON.`,
        );
      }
    }

    const special = req.classify?.(res.status, text);
    if (special) throw special;
    if (res.status === 401 || res.status === 403) {
      // The server's own text is left out on purpose: OpenAI echoes a masked form of the key in it.
      throw new EngineError(
        'auth',
        `The ${req.service} key was refused (${res.status}). Check the key in the captions settings.`,
      );
    }
    const detail = serverMessage(text, req.secret);
    if (isTransient(res.status)) {
      const wait = attempt === 0 ? retryDelay(res.headers, retry) : null;
      if (wait !== null) {
        await sleep(wait, req.signal);
        continue;
      }
      throw new EngineError(
        'unreachable',
        `${req.service} at ${host} is unavailable (${res.status})${detail ? `: ${detail}` : ''}.`,
      );
    }
    if (res.status === 404) {
      throw new EngineError(
        'unreachable',
        `${req.service} at ${host} has no such endpoint or model (404); check the base URL and model${detail ? `: ${detail}` : ''}.`,
      );
    }
    throw new EngineError(
      'unsupported',
      `${req.service} at ${host} refused the request (${res.status})${detail ? `: ${detail}` : ''}.`,
    );
  }
}

/**
 * OpenAI answers 429 both for "slow down" and for an account with no credit left; only the body tells them
 * apart, and retrying the second cannot help: the user has to act on the account behind the key.
 */
export function classifyOpenAi(status: number, body: string): EngineError | null {
  if (status !== 429) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    const error = parsed && typeof parsed === 'object' ? (parsed as { error?: unknown }).error : undefined;
    const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    if (code === 'insufficient_quota') {
      return new EngineError(
        'auth',
        'The OpenAI account of this key has no quota left (429 insufficient_quota). Check its plan and billing.',
      );
    }
  } catch {
    // Not JSON: an ordinary rate limit.
  }
  return null;
}

/** Joins a configured base URL and a path without doubling or dropping the slash between them. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function isTransient(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The wait before the retry, or null when the server wants longer than a live caption can wait. */
function retryDelay(headers: Headers, policy: RetryPolicy): number | null {
  let ms = policy.delayMs;
  // OpenAI sends a millisecond variant alongside the standard header; it is the more precise of the two.
  const precise = headers.get('retry-after-ms');
  const standard = headers.get('retry-after');
  if (precise !== null && /^\d+(\.\d+)?$/.test(precise.trim())) {
    ms = Number(precise);
  } else if (standard !== null) {
    const value = standard.trim();
    if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value) * 1000;
    else {
      const at = Date.parse(value);
      if (!Number.isNaN(at)) ms = Math.max(0, at - Date.now());
    }
  }
  return ms > policy.maxDelayMs ? null : ms;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}

/** fetch hides the interesting part (ECONNREFUSED, ENOTFOUND) in the cause of a bare 'fetch failed'. */
function describeFailure(err: unknown): string {
  if (err instanceof Error) {
    const cause: unknown = err.cause;
    if (cause && typeof cause === 'object') {
      const code = (cause as { code?: unknown }).code;
      if (typeof code === 'string') return code;
      const message = (cause as { message?: unknown }).message;
      if (typeof message === 'string' && message) return message;
    }
    return err.message;
  }
  return String(err);
}

/** The error text of an OpenAI ({ error: { message } }) or DeepL ({ message }) body, short and key-free. */
function serverMessage(body: string, secret: string): string {
  let message = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      const error = (parsed as { error?: unknown }).error;
      const nested =
        error && typeof error === 'object' ? (error as { message?: unknown }).message : (error ?? undefined);
      const top = (parsed as { message?: unknown }).message;
      if (typeof nested === 'string') message = nested;
      else if (typeof top === 'string') message = top;
    }
  } catch {
    // Not JSON. Plain text is still the best clue there is; an HTML error page from a proxy is only noise.
    if (/^\s*</.test(body)) return '';
  }
  if (secret) message = message.split(secret).join('***');
  message = message.replace(/\s+/g, ' ').trim();
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
