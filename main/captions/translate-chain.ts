// One text through the translator chain for a pair (direct, or through English), with the catalog's
// terms protected by placeholders on the way and put back, in the target language's form, at the end.
import type { Glossary } from '../../core/captions/glossary';
import type { CaptionLanguage, CaptionTerm } from '../../core/protocol/captions';
import type { TranslationDraft, Translator } from './engines';

/** Drafts of one utterance's translations, by hop ("from>to"), so each translation continues the last. */
export type DraftCache = Map<string, TranslationDraft>;

export type TranslatorRoute = (from: CaptionLanguage, to: CaptionLanguage) => Promise<Translator[] | null>;

export interface ChainResult {
  text: string;
  terms: CaptionTerm[];
}

/** Null when no engine translates the pair; translator errors propagate. */
export async function translateProtected(
  route: TranslatorRoute,
  glossary: Glossary | null,
  text: string,
  from: CaptionLanguage,
  to: CaptionLanguage,
  signal?: AbortSignal,
  maxTokens?: number,
  drafts?: DraftCache,
): Promise<ChainResult | null> {
  const chain = await route(from, to);
  if (!chain) return null;
  const masked = glossary ? glossary.protect(text, from) : null;
  let current = masked ? masked.masked : text;
  let lang = from;
  for (const translator of chain) {
    const next: CaptionLanguage = chain.length === 1 || lang === 'en' ? to : 'en';
    const options = { from: lang, to: next, signal, maxTokens };
    const key = `${lang}>${next}`;
    if (drafts && translator.translateDraft) {
      const draft = await translator.translateDraft(current, drafts.get(key) ?? null, options);
      drafts.set(key, draft);
      current = draft.text;
    } else {
      [current] = (await translator.translate([current], options)) as [string];
    }
    lang = next;
  }
  if (glossary && masked) return glossary.restore(current, masked.slots, to);
  return { text: current, terms: [] };
}
