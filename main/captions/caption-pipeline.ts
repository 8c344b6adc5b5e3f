// The live captions pipeline for one stream: 16 kHz PCM in; VAD frames -> utterances -> partial and final
// recognition (LocalAgreement keeps partial words from flickering) -> glossary-protected translation into
// every target language -> caption events out. One compute lane runs recognition and translation one job
// at a time, finals first; a final starts speculatively as soon as the voice drops, so the silence the
// VAD must wait out before it is sure overlaps the work.
import type { Caption, CaptionLanguage, CaptionTerm } from '../../core/protocol/captions';
import { LocalAgreement } from '../../core/captions/local-agreement';
import { SpeechSegmenter, type SegmenterEvent } from '../../core/captions/speech-segmenter';
import type { Glossary } from '../../core/captions/glossary';
import { AbortedError, type SpeechRecognizer } from './engines';
import { InputGain } from './input-gain';
import {
  translateProtected,
  type ChainResult,
  type DraftCache,
  type TranslatorRoute,
} from './translate-chain';

export const SAMPLE_RATE = 16_000;
/** New tokens one partial hypothesis may add: partials stay cheap, so a final never waits long. */
const PARTIAL_MAX_NEW_TOKENS = 10;
/** Output tokens a translation of one second of speech can need (fast speech, long-winded languages). */
const MT_TOKENS_PER_SECOND = 5;

export interface Vad {
  readonly frameSamples: number;
  probability(frame: Float32Array): Promise<number>;
  reset(): void;
}

export interface PipelineStats {
  /** End of speech (in the audio) to each final caption, ms, newest last. */
  finalLagMs: number[];
  /** Speech start to the first partial caption of each utterance, ms. */
  firstPartialMs: number[];
  /** Recognizer compute over audio duration, finals only. */
  rtf: number | null;
  utterances: number;
  translationErrors: number;
}

export interface PipelineOptions {
  sourceLang: CaptionLanguage;
  targets: () => readonly CaptionLanguage[];
  vad: Vad;
  recognizer: SpeechRecognizer;
  route: TranslatorRoute;
  glossary: () => Glossary | null;
  /** A caption; lagMs (end of speech to now) is given for final ones. */
  emit: (caption: Caption, lagMs: number | null) => void;
  /** Errors that do not stop the pipeline (a translator failing for one language). */
  onError?: (error: Error, context: string) => void;
  /** Wall clock, ms since the epoch (tests inject one). */
  now?: () => number;
  /** How often a partial hypothesis is computed while someone speaks, ms. */
  partialIntervalMs?: number;
  /** Audio kept before the detected speech start, ms. */
  prePadMs?: number;
  /** Silence that ends an utterance, ms. */
  hangoverMs?: number;
  maxUtteranceMs?: number;
  /** Translate stable partial text as well (costs compute; finals always come first). */
  translatePartials?: boolean;
}

interface Utterance {
  n: number;
  id: string;
  startSample: number;
  /** Wall-clock ms at which the audio at startSample was captured. */
  startWall: number;
  agreement: LocalAgreement;
  firstPartialAt: number | null;
  lastPartialText: string;
  lastTranslatedPartial: string;
  lastPartialTranslationWall: number;
  /** Translations of this utterance so far, per target language: each new one continues the last. */
  drafts: Map<CaptionLanguage, DraftCache>;
}

interface TranslatedLine {
  lang: CaptionLanguage;
  text: string;
  terms: CaptionTerm[];
}

interface FinalJob {
  utt: Utterance;
  endSample: number;
  /** Confirmed by the segmenter (not only speculative). */
  confirmed: boolean;
  endWall: number;
  result: Promise<void> | null;
  cancelled: boolean;
  abort: AbortController;
}

export class CaptionPipeline {
  private readonly opts: PipelineOptions &
    Required<Pick<PipelineOptions, 'partialIntervalMs' | 'prePadMs' | 'hangoverMs' | 'maxUtteranceMs'>> & {
      translatePartials: boolean;
    };
  private readonly now: () => number;
  private readonly segmenter: SpeechSegmenter;
  /** All audio since the current utterance's earliest possible start (older audio is dropped). */
  private buffer = new Float32Array(SAMPLE_RATE * 60);
  private bufferStart = 0; // absolute sample index of buffer[0]
  private bufferLength = 0;
  private totalSamples = 0;
  private vadSamples = 0;
  private vadQueue: Promise<void> = Promise.resolve();
  /** Wall time of each pushed chunk's last sample, to turn audio positions into capture times. */
  private arrivals: { endSample: number; wall: number }[] = [];
  private current: Utterance | null = null;
  private uttCounter = 0;
  private finals: FinalJob[] = [];
  private speculative: FinalJob | null = null;
  private busy = false;
  private lastPartialWall = 0;
  private closed = false;
  private readonly stats: PipelineStats = {
    finalLagMs: [],
    firstPartialMs: [],
    rtf: null,
    utterances: 0,
    translationErrors: 0,
  };
  private asrComputeMs = 0;
  private asrAudioMs = 0;
  private pumpTimer: ReturnType<typeof setInterval> | null = null;
  private readonly gain = new InputGain();
  /** Cancels the partial work in progress (recognition or translation) when a final needs the lane. */
  private partialAbort: AbortController | null = null;
  /** What translating the last partial into every target cost: partial translations keep to a third. */
  private partialMtCostMs = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(options: PipelineOptions) {
    this.opts = {
      ...options,
      partialIntervalMs: options.partialIntervalMs ?? 450,
      prePadMs: options.prePadMs ?? 200,
      hangoverMs: options.hangoverMs ?? 320,
      maxUtteranceMs: options.maxUtteranceMs ?? 12_000,
      translatePartials: options.translatePartials ?? true,
    };
    this.now = options.now ?? Date.now;
    this.segmenter = new SpeechSegmenter({
      frameMs: (this.opts.vad.frameSamples / SAMPLE_RATE) * 1000,
      hangoverMs: this.opts.hangoverMs,
      prePadMs: this.opts.prePadMs,
      maxUtteranceMs: this.opts.maxUtteranceMs,
      // Short enough for a first partial within half a second, long enough to skip clicks and coughs.
      minSpeechMs: 160,
      // A dip this long inside speech is no end yet: speculating on every dip wastes the lane.
      maybeEndingAfterMs: 96,
    });
    this.pumpTimer = setInterval(() => this.pump(), 50);
    this.pumpTimer.unref?.();
  }

  get speaking(): boolean {
    return this.current !== null;
  }

  getStats(): PipelineStats {
    return {
      ...this.stats,
      finalLagMs: [...this.stats.finalLagMs],
      firstPartialMs: [...this.stats.firstPartialMs],
      rtf: this.asrAudioMs > 0 ? this.asrComputeMs / this.asrAudioMs : null,
    };
  }

  /** Appends captured audio (16 kHz mono); `wall` is when its last sample was captured. */
  push(samples: Float32Array, wall = this.now()): void {
    if (this.closed || samples.length === 0) return;
    this.append(this.gain.process(samples));
    this.totalSamples += samples.length;
    this.arrivals.push({ endSample: this.totalSamples, wall });
    if (this.arrivals.length > 2000) this.arrivals.splice(0, 1000);
    this.vadQueue = this.vadQueue.then(() => this.runVad()).catch((e) => this.fail(e, 'vad'));
  }

  /** Resolves when every pushed sample went through the VAD and no job is pending or running. */
  async drain(): Promise<void> {
    await this.vadQueue;
    if (this.isIdle()) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ends the current utterance as if the speaker stopped (end of stream). */
  async flush(): Promise<void> {
    await this.vadQueue;
    if (this.current) this.confirmEnd(this.totalSamples);
    await this.drain();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pumpTimer) clearInterval(this.pumpTimer);
    for (const f of this.finals) {
      f.cancelled = true;
      f.abort.abort();
    }
    for (const w of this.idleWaiters.splice(0)) w();
  }

  // ---- audio bookkeeping ----

  private append(samples: Float32Array): void {
    if (this.bufferLength + samples.length > this.buffer.length) {
      // Keep only what an open utterance (or the pre-pad) still needs.
      const keepFrom = this.current
        ? Math.min(this.current.startSample, ...this.finals.map((f) => f.utt.startSample))
        : this.totalSamples - this.samplesOf(this.opts.prePadMs + 500);
      const drop = Math.max(0, Math.min(this.bufferLength, keepFrom - this.bufferStart));
      this.buffer.copyWithin(0, drop, this.bufferLength);
      this.bufferLength -= drop;
      this.bufferStart += drop;
      if (this.bufferLength + samples.length > this.buffer.length) {
        const bigger = new Float32Array(Math.max(this.buffer.length * 2, this.bufferLength + samples.length));
        bigger.set(this.buffer.subarray(0, this.bufferLength));
        this.buffer = bigger;
      }
    }
    this.buffer.set(samples, this.bufferLength);
    this.bufferLength += samples.length;
  }

  private audio(from: number, to: number): Float32Array {
    const a = Math.max(0, from - this.bufferStart);
    const b = Math.max(a, Math.min(this.bufferLength, to - this.bufferStart));
    return this.buffer.slice(a, b);
  }

  private samplesOf(ms: number): number {
    return Math.round((ms * SAMPLE_RATE) / 1000);
  }

  private msOf(samples: number): number {
    return (samples * 1000) / SAMPLE_RATE;
  }

  /** The wall-clock time at which the sample at this absolute position was captured. */
  private wallAt(sample: number): number {
    for (const a of this.arrivals) {
      if (a.endSample >= sample) return a.wall - this.msOf(a.endSample - sample);
    }
    const last = this.arrivals[this.arrivals.length - 1];
    return last ? last.wall - this.msOf(last.endSample - sample) : this.now();
  }

  private async runVad(): Promise<void> {
    const frame = this.opts.vad.frameSamples;
    while (!this.closed && this.vadSamples + frame <= this.totalSamples) {
      const chunk = this.audio(this.vadSamples, this.vadSamples + frame);
      const p = chunk.length === frame ? await this.opts.vad.probability(chunk) : 0;
      this.vadSamples += frame;
      for (const event of this.segmenter.push(p)) this.onSegment(event);
      this.checkSpeculation();
    }
    this.pump();
  }

  private onSegment(event: SegmenterEvent): void {
    if (event.type === 'start') {
      const startSample = Math.max(0, this.samplesOf(event.atMs));
      this.uttCounter += 1;
      this.current = {
        n: this.uttCounter,
        id: `u${this.uttCounter}-${Math.round(event.atMs)}`,
        startSample,
        startWall: this.wallAt(startSample),
        agreement: new LocalAgreement({ n: 2 }),
        firstPartialAt: null,
        lastPartialText: '',
        lastTranslatedPartial: '',
        lastPartialTranslationWall: 0,
        drafts: new Map(),
      };
      this.stats.utterances += 1;
    } else if (event.type === 'end') {
      this.confirmEnd(this.samplesOf(event.atMs));
    } else if (event.type === 'split' && this.current) {
      const at = this.samplesOf(event.atMs);
      this.confirmEnd(at);
      this.onSegment({ type: 'start', atMs: event.atMs });
    }
  }

  /** While the voice has dropped but the hangover has not passed, start the final work early. */
  private checkSpeculation(): void {
    const utt = this.current;
    if (!utt) return;
    const ending = this.segmenter.maybeEnding;
    if (ending !== null && !this.speculative) {
      const endSample = this.samplesOf(ending);
      const job: FinalJob = {
        utt,
        endSample,
        confirmed: false,
        endWall: this.wallAt(endSample),
        result: null,
        cancelled: false,
        abort: new AbortController(),
      };
      this.speculative = job;
      this.finals.push(job);
      this.partialAbort?.abort();
      this.pump();
    } else if (ending === null && this.speculative) {
      // The speaker went on: the speculative final is given up.
      this.speculative.cancelled = true;
      this.speculative.abort.abort();
      this.speculative = null;
    }
  }

  private confirmEnd(endSample: number): void {
    const utt = this.current;
    if (!utt) return;
    this.current = null;
    this.partialAbort?.abort();
    const spec = this.speculative;
    this.speculative = null;
    if (spec && !spec.cancelled && Math.abs(spec.endSample - endSample) <= this.samplesOf(40)) {
      spec.confirmed = true;
    } else {
      if (spec) {
        spec.cancelled = true;
        spec.abort.abort();
      }
      this.finals.push({
        utt,
        endSample,
        confirmed: true,
        endWall: this.wallAt(endSample),
        result: null,
        cancelled: false,
        abort: new AbortController(),
      });
    }
    this.pump();
  }

  // ---- the compute lane ----

  private isIdle(): boolean {
    return !this.busy && this.finals.length === 0 && this.current === null;
  }

  private pump(): void {
    if (this.closed || this.busy) return;
    this.finals = this.finals.filter((f) => !(f.cancelled && f.result === null));
    const final = this.finals.find((f) => f.result === null);
    if (final) {
      this.run(() => this.runFinal(final));
      return;
    }
    // A confirmed speculative final waits for its own result; nothing else to start.
    if (this.finals.length > 0) return;
    const utt = this.current;
    const now = this.now();
    if (utt && !this.speculative && now - this.lastPartialWall >= this.opts.partialIntervalMs) {
      const heard = this.vadSamples - utt.startSample;
      if (heard >= this.samplesOf(240)) {
        this.run(() => this.runPartial(utt));
        return;
      }
    }
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
  }

  private run(job: () => Promise<void>): void {
    this.busy = true;
    void job()
      .catch((e) => this.fail(e, 'captions'))
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }

  private fail(error: unknown, context: string): void {
    if (error instanceof AbortedError) return; // partial work given up for a final: not an error
    const e = error instanceof Error ? error : new Error(String(error));
    this.opts.onError?.(e, context);
  }

  private async runPartial(utt: Utterance): Promise<void> {
    this.lastPartialWall = this.now();
    const abort = new AbortController();
    this.partialAbort = abort;
    try {
      await this.partial(utt, abort.signal);
    } finally {
      if (this.partialAbort === abort) this.partialAbort = null;
    }
  }

  private async partial(utt: Utterance, signal: AbortSignal): Promise<void> {
    const audio = this.audio(utt.startSample, this.vadSamples);
    const prompt = this.opts.glossary()?.promptFor(this.opts.sourceLang);
    const r = await this.opts.recognizer.transcribe(audio, {
      lang: this.opts.sourceLang,
      final: false,
      prompt: prompt || undefined,
      prefix: utt.agreement.committed || undefined,
      maxNewTokens: PARTIAL_MAX_NEW_TOKENS,
      signal,
    });
    if (this.current !== utt) return; // the utterance ended meanwhile; its final is coming
    utt.agreement.push(r.text);
    const text = utt.agreement.partial();
    const emittedAt = this.now();
    const startMs = this.msOf(utt.startSample);
    const endMs = this.msOf(this.vadSamples);
    if (text && text !== utt.lastPartialText) {
      utt.lastPartialText = text;
      if (utt.firstPartialAt === null) {
        utt.firstPartialAt = emittedAt;
        this.stats.firstPartialMs.push(emittedAt - utt.startWall);
      }
      this.emitSource(utt, text, false, startMs, endMs, emittedAt);
    }
    // Agreed text is translated as it grows (even when the shown partial did not change), so viewers read
    // along and the final translation only has the tail left to do.
    const committed = utt.agreement.committed;
    if (
      this.opts.translatePartials &&
      committed &&
      committed !== utt.lastTranslatedPartial &&
      emittedAt - utt.lastPartialTranslationWall > Math.max(1200, 3 * this.partialMtCostMs)
    ) {
      utt.lastTranslatedPartial = committed;
      utt.lastPartialTranslationWall = emittedAt;
      await this.translateAll(utt, committed, false, startMs, endMs, signal);
    }
  }

  private async runFinal(job: FinalJob): Promise<void> {
    const work = (async () => {
      const { utt } = job;
      const audio = this.audio(utt.startSample, job.endSample);
      const prompt = this.opts.glossary()?.promptFor(this.opts.sourceLang);
      const r = await this.opts.recognizer.transcribe(audio, {
        lang: this.opts.sourceLang,
        final: true,
        prompt: prompt || undefined,
        prefix: utt.agreement.committed || undefined,
        signal: job.abort.signal,
      });
      this.asrComputeMs += r.computeMs;
      this.asrAudioMs += this.msOf(audio.length);
      const text = r.text;
      const startMs = this.msOf(utt.startSample);
      const endMs = this.msOf(job.endSample);
      // Translations start before the VAD is sure; they are held until it is, then each language goes out
      // as soon as its own translation is done.
      const lines = this.translateEach(utt, text, job.abort.signal, (endMs - startMs) / 1000);
      for (const l of lines) l.catch(() => undefined); // awaited below; an abort must not surface unhandled
      await this.whenConfirmed(job);
      if (job.cancelled || this.closed) return;
      utt.agreement.finalize(text);
      const emittedAt = this.now();
      this.emitSource(utt, text, true, startMs, endMs, emittedAt, this.recordLag(job, emittedAt));
      for (const line of lines) {
        const t = await line;
        if (job.cancelled || this.closed) return;
        if (!t) continue;
        const at = this.now();
        const caption = this.caption(utt, t.lang, t.text, true, false, startMs, endMs, at, t.terms);
        this.opts.emit(caption, this.recordLag(job, at));
      }
    })();
    job.result = work;
    try {
      await work;
    } finally {
      this.finals = this.finals.filter((f) => f !== job);
    }
  }

  private async whenConfirmed(job: FinalJob): Promise<void> {
    while (!job.confirmed && !job.cancelled && !this.closed) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private recordLag(job: FinalJob, at: number): number {
    const lag = at - job.endWall;
    this.stats.finalLagMs.push(lag);
    if (this.stats.finalLagMs.length > 500) this.stats.finalLagMs.splice(0, 250);
    return lag;
  }

  /**
   * One promise per target language, run one after another (the engines share the cores), each settling
   * as soon as its own translation is done; null where a language cannot be translated.
   */
  private translateEach(
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
      this.stats.translationErrors += 1;
      this.fail(error, `translate ${this.opts.sourceLang}->${to}`);
      return null;
    }
  }

  private async translateAll(
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
      if (this.closed || signal.aborted) return;
      this.opts.emit(
        this.caption(utt, t.lang, t.text, final, false, startMs, endMs, this.now(), t.terms),
        null,
      );
    }
  }

  private emitSource(
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

  private caption(
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
