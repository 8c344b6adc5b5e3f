// Translation through the DeepL API v2 (/v2/translate, JSON body), with the user's own key. DeepL names
// languages its own way and is stricter about targets than sources (English and Portuguese need a
// variant; Chinese targets the script), hence the two tables.
import type { CaptionLanguage } from '../../../core/protocol/captions';
import { EngineError, type TranslateOptions, type Translator } from '../engines';
import { DEFAULT_TIMEOUT_MS, joinUrl, postJson, type FetchFn } from './http-client';

export interface DeepLTranslatorOptions {
  apiKey: string;
  /**
   * Defaults from the key: free keys (ending ':fx') use api-free.deepl.com, others api.deepl.com. Either
   * official host given here is corrected the same way, since a key only works on its own; any other
   * host (a proxy, a test server) is used as given.
   */
  baseUrl?: string;
  fetch?: FetchFn;
  /** Per attempt, ms. */
  timeoutMs?: number;
}

export const DEEPL_FREE_URL = 'https://api-free.deepl.com';
export const DEEPL_PRO_URL = 'https://api.deepl.com';

// Partial on purpose: a caption language added later is unsupported here until someone checks DeepL has it.
const SOURCE_CODES: Partial<Record<CaptionLanguage, string>> = {
  en: 'EN',
  'zh-CN': 'ZH',
  es: 'ES',
  ja: 'JA',
  ko: 'KO',
  id: 'ID',
  pt: 'PT',
  ar: 'AR',
  fr: 'FR',
  de: 'DE',
};

// Bare EN and PT are deprecated as targets; the audiences of a live-commerce stream are American and
// Brazilian far more often than British or European.
const TARGET_CODES: Partial<Record<CaptionLanguage, string>> = {
  en: 'EN-US',
  'zh-CN': 'ZH-HANS',
  es: 'ES',
  ja: 'JA',
  ko: 'KO',
  id: 'ID',
  pt: 'PT-BR',
  ar: 'AR',
  fr: 'FR',
  de: 'DE',
};

/** DeepL takes at most 50 texts in one request. */
const TEXTS_PER_REQUEST = 50;

export class DeepLTranslator implements Translator {
  readonly name = 'deepl';
  private readonly url: string;
  private readonly apiKey: string;
  private readonly fetchFn: FetchFn;
  private readonly timeoutMs: number;

  constructor(options: DeepLTranslatorOptions) {
    this.apiKey = options.apiKey;
    this.url = joinUrl(deeplBaseUrl(options.apiKey, options.baseUrl), 'v2/translate');
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  supports(from: CaptionLanguage, to: CaptionLanguage): boolean {
    return from !== to && SOURCE_CODES[from] !== undefined && TARGET_CODES[to] !== undefined;
  }

  async translate(texts: string[], options: TranslateOptions): Promise<string[]> {
    options.signal?.throwIfAborted();
    const source = SOURCE_CODES[options.from];
    const target = TARGET_CODES[options.to];
    if (options.from === options.to || !source || !target) {
      throw new EngineError('unsupported', `DeepL cannot translate ${options.from} to ${options.to}.`);
    }
    const out: string[] = [];
    for (let i = 0; i < texts.length; i += TEXTS_PER_REQUEST) {
      const chunk = texts.slice(i, i + TEXTS_PER_REQUEST);
      out.push(...(await this.request(chunk, source, target, options.signal)));
    }
    return out;
  }

  async close(): Promise<void> {
    // Nothing held open: each call is one request.
  }

  private async request(
    texts: string[],
    source: string,
    target: string,
    signal: AbortSignal | undefined,
  ): Promise<string[]> {
    const json = await postJson({
      service: 'DeepL',
      url: this.url,
      headers: { Authorization: `DeepL-Auth-Key ${this.apiKey}`, 'Content-Type': 'application/json' },
      body: () => JSON.stringify({ text: texts, source_lang: source, target_lang: target }),
      fetch: this.fetchFn,
      timeoutMs: this.timeoutMs,
      signal,
      secret: this.apiKey,
      // 456 is DeepL's own "quota exceeded": retrying cannot help, the user has to act on the account.
      classify: (status) =>
        status === 456
          ? new EngineError(
              'auth',
              'The DeepL key has used up its character quota (456). Raise the limit or use another key.',
            )
          : null,
    });
    const translations =
      json && typeof json === 'object' ? (json as { translations?: unknown }).translations : null;
    if (!Array.isArray(translations) || translations.length !== texts.length) {
      throw new EngineError('bad_response', `DeepL did not answer with ${texts.length} translations.`);
    }
    return translations.map((t: unknown) => {
      const text = t && typeof t === 'object' ? (t as { text?: unknown }).text : undefined;
      if (typeof text !== 'string') throw new EngineError('bad_response', 'A DeepL translation has no text.');
      return text;
    });
  }
}

/** The base URL a key must use: see DeepLTranslatorOptions.baseUrl. */
export function deeplBaseUrl(apiKey: string, baseUrl?: string): string {
  const byKey = apiKey.trim().endsWith(':fx') ? DEEPL_FREE_URL : DEEPL_PRO_URL;
  if (!baseUrl) return byKey;
  // The path is ours to add; a pasted ".../v2" would otherwise become /v2/v2/translate.
  const trimmed = baseUrl.trim().replace(/\/+$/, '').replace(/\/v2$/, '');
  try {
    const host = new URL(trimmed).host;
    if (host === new URL(DEEPL_FREE_URL).host || host === new URL(DEEPL_PRO_URL).host) return byKey;
  } catch {
    // Not a URL: leave it for fetch to reject as unreachable, which names the problem to the user.
  }
  return trimmed;
}
