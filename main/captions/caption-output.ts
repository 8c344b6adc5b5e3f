// What a recognised text becomes: the source caption, and its glossary-protected translation into every
// target language (one language after another: the engines share the cores), built into caption events and
// emitted. The pipeline that feeds it is caption-pipeline.ts.
import type { Caption, CaptionLanguage, CaptionTerm } from '../../core/protocol/captions';
import { AbortedError } from './engines';
import type { PipelineOptions, Utterance } from './caption-pipeline-types';
import { translateProtected, type ChainResult, type DraftCache } from './translate-chain';

/** Output tokens a translation of one second of speech can need (fast speech, long-winded languages). */
const MT_TOKENS_PER_SECOND = 5;

export interface TranslatedLine {
  lang: CaptionLanguage;
  text: string;
  terms: CaptionTerm[];
}

export class CaptionOutput {
  /** What translating the last partial into every target cost: partial translations keep to a third. */
  partialMtCostMs = 0;

  constructor(
    private readonly opts: Pick<PipelineOptions, 'sourceLang' | 'targets' | 'route' | 'glossary' | 'emit'>,
    private readonly now: () => number,
    /** Whether the pipeline was closed: nothing more goes out. */
    private readonly isClosed: () => boolean,
    /** A translation failed: counted and reported; the other languages go on. */
    private readonly onTranslationError: (error: unknown, context: string) => void,
  ) {}

  /**
   * One promise per target language, run one after another (the engines share the cores), each settling
   * as soon as its own translation is done; null where a language cannot be translated.
   */
  translateEach(
    utt: Utterance,
    text: string,
    signal: AbortSignal | undefined,
    seconds: number,
  ): Promise<TranslatedLine | null>[] {
    if (!text) return [];
    const maxTokens = Math.ceil(seconds * MT_TOKENS_PER_SECOND) + 4;
    let previous: Promise<unknown> = Promise.resolve();
    const out: Promise<TranslatedLine | null>[] = [];
    for (const to of this.opts.targets()) {
      if (to === this.opts.sourceLang) continue;
      let drafts = utt.drafts.get(to);
      if (!drafts) utt.drafts.set(to, (drafts = new Map()));
      const own = drafts;
      const line = previous.then(async () => {
        if (signal?.aborted) throw new AbortedError();
        const t = await this.translateOne(text, to, signal, maxTokens, own);
        return t ? { lang: to, ...t } : null;
      });
      previous = line.catch(() => undefined);
      out.push(line);
    }
    return out;
  }

  private async translateTexts(
    utt: Utterance,
    text: string,
    signal: AbortSignal | undefined,
    seconds: number,
  ): Promise<TranslatedLine[]> {
    const lines = await Promise.all(this.translateEach(utt, text, signal, seconds));
    return lines.filter((l): l is TranslatedLine => l !== null);
  }

  private async translateOne(
    text: string,
    to: CaptionLanguage,
    signal: AbortSignal | undefined,
    maxTokens: number,
    drafts: DraftCache,
  ): Promise<ChainResult | null> {
    try {
      const glossary = this.opts.glossary();
      return await translateProtected(
        this.opts.route,
        glossary,
        text,
        this.opts.sourceLang,
        to,
        signal,
        maxTokens,
        drafts,
      );
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      this.onTranslationError(error, `translate ${this.opts.sourceLang}->${to}`);
      return null;
    }
  }

  async translateAll(
    utt: Utterance,
    text: string,
    final: boolean,
    startMs: number,
    endMs: number,
    signal: AbortSignal,
  ): Promise<void> {
    const started = this.now();
    const translations = await this.translateTexts(utt, text, signal, (endMs - startMs) / 1000);
    this.partialMtCostMs = this.now() - started;
    for (const t of translations) {
      if (this.isClosed() || signal.aborted) return;
      this.opts.emit(
        this.caption(utt, t.lang, t.text, final, false, startMs, endMs, this.now(), t.terms),
        null,
      );
    }
  }

  emitSource(
    utt: Utterance,
    text: string,
    final: boolean,
    startMs: number,
    endMs: number,
    at: number,
    lagMs: number | null = null,
  ): void {
    const terms = this.opts.glossary()?.findTerms(text, this.opts.sourceLang) ?? [];
    this.opts.emit(
      this.caption(utt, this.opts.sourceLang, text, final, true, startMs, endMs, at, terms),
      lagMs,
    );
  }

  caption(
    utt: Utterance,
    lang: CaptionLanguage,
    text: string,
    final: boolean,
    source: boolean,
    startMs: number,
    endMs: number,
    emittedAt: number,
    terms: CaptionTerm[],
  ): Caption {
    const clipped = text.slice(0, 600);
    return {
      id: utt.id,
      lang,
      text: clipped,
      final,
      source,
      startMs: Math.round(startMs),
      endMs: Math.round(Math.max(startMs, endMs)),
      emittedAt,
      terms: terms.filter((t) => t.end <= clipped.length),
    };
  }
}
