// Builds the captions pipeline from a worker start config: the VAD, the recognizer and the translators the
// settings chose (local models loaded lazily per language pair), and the catalog glossary. It runs inside
// the captions worker; tests and the bench can run it in-process too.
import { buildGlossary, type Glossary } from '../../core/captions/glossary';
import type { Caption, CaptionLanguage, Translation } from '../../core/protocol/captions';
import { captionLanguageFor } from '../../core/protocol/captions';
import type { Product } from '../../core/protocol/room-events';
import { CaptionPipeline, type PipelineStats, type Vad } from './caption-pipeline';
import { DeepLTranslator } from './cloud/deepl-translator';
import { OpenAiRecognizer } from './cloud/openai-recognizer';
import { RedactingTranslator } from './cloud/redacting-translator';
import { OpenAiTranslator } from './cloud/openai-translator';
import type { SpeechRecognizer, Translator } from './engines';
import { MarianTranslator } from './local/marian-translator';
import { SileroVad, VAD_FRAME_SAMPLES } from './local/silero-vad';
import { WhisperRecognizer } from './local/whisper-recognizer';
import { translateProtected } from './translate-chain';
import { pairKey, type WorkerStartConfig } from './worker-protocol';

export interface CaptionEngineEvents {
  caption(caption: Caption, lagMs: number | null): void;
  error(error: Error, context: string): void;
}

export class CaptionEngine {
  private readonly translators = new Map<string, Promise<Translator | null>>();
  private cloudTranslator: Translator | null = null;
  private targets: CaptionLanguage[];
  private glossary: Glossary | null = null;
  private closed = false;

  private constructor(
    private readonly config: WorkerStartConfig,
    private readonly recognizer: SpeechRecognizer | null,
    private readonly vad: SileroVad | null,
    readonly pipeline: CaptionPipeline | null,
    private readonly events: CaptionEngineEvents,
  ) {
    this.targets = [...config.targets];
  }

  static async create(config: WorkerStartConfig, events: CaptionEngineEvents): Promise<CaptionEngine> {
    let recognizer: SpeechRecognizer | null = null;
    let vad: SileroVad | null = null;
    if (config.recognizer.kind === 'whisper') {
      recognizer = await WhisperRecognizer.load(config.recognizer.dir, {
        threads: config.recognizer.threads,
      });
    } else if (config.recognizer.kind === 'openai') {
      recognizer = new OpenAiRecognizer({
        baseUrl: config.recognizer.baseUrl,
        apiKey: config.recognizer.apiKey,
        model: config.recognizer.model,
      });
    }
    if (recognizer) vad = await SileroVad.load(config.vadFile);
    let engine: CaptionEngine | null = null;
    const pipeline =
      recognizer && vad
        ? new CaptionPipeline({
            sourceLang: config.sourceLang,
            targets: () => engine?.targets ?? config.targets,
            vad: {
              frameSamples: VAD_FRAME_SAMPLES,
              probability: (f) => vad!.probability(f),
              reset: () => vad!.reset(),
            } satisfies Vad,
            recognizer,
            route: (from, to) => engine!.route(from, to),
            glossary: () => engine?.glossary ?? null,
            emit: (c, lag) => events.caption(c, lag),
            onError: (e, context) => events.error(e, context),
            partialIntervalMs: config.partialIntervalMs,
            hangoverMs: config.hangoverMs,
            translatePartials: config.translatePartials,
          })
        : null;
    engine = new CaptionEngine(config, recognizer, vad, pipeline, events);
    return engine;
  }

  setTargets(targets: CaptionLanguage[]): void {
    this.targets = [...new Set(targets)];
  }

  setCatalog(products: Product[]): void {
    this.glossary = buildGlossary(products);
  }

  push(pcm: Float32Array, wall?: number): void {
    this.pipeline?.push(pcm, wall);
  }

  stats(): PipelineStats | null {
    return this.pipeline?.getStats() ?? null;
  }

  /** The translator chain for a pair: direct, or through English; null when the pair has no engine. */
  async route(from: CaptionLanguage, to: CaptionLanguage): Promise<Translator[] | null> {
    if (from === to) return [];
    const t = this.config.translator;
    if (t.kind !== 'marian') {
      // Personal data never leaves the machine: the cloud gets placeholders (core/privacy).
      this.cloudTranslator ??= new RedactingTranslator(
        t.kind === 'openai'
          ? new OpenAiTranslator({ baseUrl: t.baseUrl, apiKey: t.apiKey, model: t.model })
          : new DeepLTranslator({ baseUrl: t.baseUrl, apiKey: t.apiKey }),
      );
      return this.cloudTranslator.supports(from, to) ? [this.cloudTranslator] : null;
    }
    const direct = await this.marian(from, to);
    if (direct) return [direct];
    if (from === 'en' || to === 'en') return null;
    const [a, b] = await Promise.all([this.marian(from, 'en'), this.marian('en', to)]);
    return a && b ? [a, b] : null;
  }

  private marian(from: CaptionLanguage, to: CaptionLanguage): Promise<Translator | null> {
    const key = pairKey(from, to);
    let loading = this.translators.get(key);
    if (!loading) {
      const t = this.config.translator;
      const pair = t.kind === 'marian' ? t.pairs[key] : undefined;
      const threads = t.kind === 'marian' ? t.threads : undefined;
      loading = pair
        ? MarianTranslator.load(pair.dir, { from, to, threads, targetToken: pair.targetToken }).catch(
            (e: unknown) => {
              this.events.error(e instanceof Error ? e : new Error(String(e)), `load ${key}`);
              return null;
            },
          )
        : Promise.resolve(null);
      this.translators.set(key, loading);
    }
    return loading;
  }

  /** Viewer comments into one language; a comment that cannot be translated comes back unchanged. */
  async translateComments(
    target: CaptionLanguage,
    items: { id: string; text: string; lang: string | null }[],
  ): Promise<Translation[]> {
    const out: Translation[] = [];
    for (const item of items) {
      const from = item.lang ? captionLanguageFor(item.lang) : null;
      if (!from || from === target) {
        out.push({ id: item.id, text: item.text, lang: item.lang ?? target });
        continue;
      }
      const result = await translateProtected(
        (a, b) => this.route(a, b),
        this.glossary,
        item.text,
        from,
        target,
      );
      const text = result?.text ?? item.text;
      out.push({ id: item.id, text, lang: result ? target : from });
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pipeline?.close();
    const translators = await Promise.all(this.translators.values());
    await Promise.allSettled([
      this.recognizer?.close(),
      this.vad?.close(),
      this.cloudTranslator?.close(),
      ...translators.map((t) => t?.close()),
    ]);
  }
}
