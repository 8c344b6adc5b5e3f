// Translation through an OpenAI-compatible /chat/completions endpoint. A chat model has no translate API,
// so the contract lives in the prompt: the texts go in as a JSON array and must come back as one of the
// same length. Models do not always obey (a code fence, a sentence of preamble, a dropped line), so the
// answer is dug out leniently but checked strictly: anything that is not that array is 'bad_response'.
import { CAPTION_LANGUAGES, type CaptionLanguage } from '../../../core/protocol/captions';
import { EngineError, type TranslateOptions, type Translator } from '../engines';
import { classifyOpenAi, DEFAULT_TIMEOUT_MS, joinUrl, postJson, type FetchFn } from './http-client';

export interface OpenAiTranslatorOptions {
  /** e.g. https://api.openai.com/v1 */
  baseUrl: string;
  apiKey: string;
  /** e.g. gpt-4o-mini */
  model: string;
  fetch?: FetchFn;
  /** Per attempt, ms. */
  timeoutMs?: number;
  /** What the glossary's placeholders look like; the ones found in the texts are named in the prompt. */
  placeholderPattern?: RegExp;
}

/** English names, because the system prompt is English and models know languages best by name. */
const LANGUAGE_NAMES: Record<CaptionLanguage, string> = {
  en: 'English',
  'zh-CN': 'Simplified Chinese',
  es: 'Spanish',
  ja: 'Japanese',
  ko: 'Korean',
  id: 'Indonesian',
  pt: 'Brazilian Portuguese',
  ar: 'Arabic',
  fr: 'French',
  de: 'German',
};

const DEFAULT_PLACEHOLDER = /⟦\d+⟧/;

export class OpenAiTranslator implements Translator {
  readonly name: string;
  private readonly url: string;
  private readonly apiKey: string;
  private readonly model: string;
  private readonly fetchFn: FetchFn;
  private readonly timeoutMs: number;
  private readonly placeholder: RegExp;

  constructor(options: OpenAiTranslatorOptions) {
    this.url = joinUrl(options.baseUrl, 'chat/completions');
    this.apiKey = options.apiKey;
    this.model = options.model;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const pattern = options.placeholderPattern ?? DEFAULT_PLACEHOLDER;
    // A global copy, so matchAll works whatever flags the caller's pattern carries.
    this.placeholder = new RegExp(
      pattern.source,
      pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
    );
    this.name = `openai:${options.model}`;
  }

  supports(from: CaptionLanguage, to: CaptionLanguage): boolean {
    const known = CAPTION_LANGUAGES as readonly string[];
    return from !== to && known.includes(from) && known.includes(to);
  }

  async translate(texts: string[], options: TranslateOptions): Promise<string[]> {
    options.signal?.throwIfAborted();
    if (!this.supports(options.from, options.to)) {
      throw new EngineError('unsupported', `Cannot translate ${options.from} to ${options.to}.`);
    }
    if (texts.length === 0) return [];

    const json = await postJson({
      service: 'OpenAI',
      url: this.url,
      headers: { Authorization: `Bearer ${this.apiKey}`, 'Content-Type': 'application/json' },
      body: () =>
        JSON.stringify({
          model: this.model,
          temperature: 0,
          messages: [
            { role: 'system', content: this.systemPrompt(texts, options.from, options.to) },
            { role: 'user', content: JSON.stringify(texts) },
          ],
        }),
      fetch: this.fetchFn,
      timeoutMs: this.timeoutMs,
      signal: options.signal,
      secret: this.apiKey,
      classify: classifyOpenAi,
    });
    return parseTranslations(messageContent(json), texts.length);
  }

  async close(): Promise<void> {
    // Nothing held open: each call is one request.
  }

  private systemPrompt(texts: string[], from: CaptionLanguage, to: CaptionLanguage): string {
    const tokens = [...new Set(texts.flatMap((t) => [...t.matchAll(this.placeholder)].map((m) => m[0])))];
    const count = texts.length;
    return [
      `You translate live-stream captions from ${LANGUAGE_NAMES[from]} to ${LANGUAGE_NAMES[to]}.`,
      `The user message is a JSON array of ${count} string${count === 1 ? '' : 's'}, one caption line each.`,
      'Translate each line on its own, keeping its meaning and tone; do not merge, split, drop or reorder lines.',
      ...(tokens.length > 0
        ? [
            `Some lines contain placeholder tokens (${tokens.join(', ')}). Copy every placeholder token exactly as it is, untranslated, where it belongs in the translated line.`,
          ]
        : []),
      'Keep product names, brand names, sizes and prices as they are.',
      `Answer with only a JSON array of exactly ${count} string${count === 1 ? '' : 's'}: the translations, in the same order. No other text.`,
    ].join('\n');
  }
}

function messageContent(json: unknown): string {
  const choices = json && typeof json === 'object' ? (json as { choices?: unknown }).choices : undefined;
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const message = first && typeof first === 'object' ? (first as { message?: unknown }).message : undefined;
  const content =
    message && typeof message === 'object' ? (message as { content?: unknown }).content : undefined;
  if (typeof content !== 'string') {
    throw new EngineError('bad_response', 'The chat completion has no message content.');
  }
  return content;
}

/**
 * Finds the answer array in what a model wrote: the whole content, else inside a code fence, else the first
 * balanced [...] anywhere that is an array of `count` strings. Also takes a lone array wrapped in an
 * object ({ "translations": [...] }), which models produce when they have been trained towards JSON objects.
 */
export function parseTranslations(content: string, count: number): string[] {
  const candidates: string[] = [content];
  for (const fence of content.matchAll(/```[a-zA-Z]*\s*\n?([\s\S]*?)```/g)) candidates.push(fence[1] ?? '');
  candidates.push(...bracketedSpans(content));
  // A stray '[' in the prose unbalances the spans above; from each '[' to the last ']' still finds the array.
  const last = content.lastIndexOf(']');
  for (
    let i = content.indexOf('['), n = 0;
    i !== -1 && i < last && n < 50;
    i = content.indexOf('[', i + 1), n++
  ) {
    candidates.push(content.slice(i, last + 1));
  }

  let sawArray = false;
  for (const candidate of candidates) {
    const value = tryParse(candidate.trim());
    const array = Array.isArray(value) ? value : loneArray(value);
    if (!array) continue;
    sawArray = true;
    if (array.length === count && array.every((item) => typeof item === 'string')) return array as string[];
  }
  throw new EngineError(
    'bad_response',
    sawArray
      ? `The model did not answer with ${count} translated line${count === 1 ? '' : 's'}.`
      : 'The model did not answer with a JSON array.',
  );
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function loneArray(value: unknown): unknown[] | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const values = Object.values(value);
  return values.length === 1 && Array.isArray(values[0]) ? values[0] : null;
}

/** Every top-level balanced [...] span, skipping brackets inside JSON strings. */
function bracketedSpans(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === ']' && depth > 0) {
      depth--;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}
