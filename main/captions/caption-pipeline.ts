// The live captions pipeline for one stream: 16 kHz PCM in; VAD frames -> utterances -> partial and final
// recognition (LocalAgreement keeps partial words from flickering) -> glossary-protected translation into
// every target language -> caption events out. One compute lane runs recognition and translation one job
// at a time, finals first; a final starts speculatively as soon as the voice drops, so the silence the
// VAD must wait out before it is sure overlaps the work.
// The audio buffer is captured-audio.ts; translating and emitting captions, caption-output.ts; the options,
// stats and utterance record, caption-pipeline-types.ts.
import { LocalAgreement } from '../../core/captions/local-agreement';
import { SpeechSegmenter, type SegmenterEvent } from '../../core/captions/speech-segmenter';
import { AbortedError } from './engines';
import { InputGain } from './input-gain';
import type { PipelineOptions, PipelineStats, Utterance } from './caption-pipeline-types';
import { CaptionOutput } from './caption-output';
import { CapturedAudio, msOf, SAMPLE_RATE, samplesOf } from './captured-audio';

export { SAMPLE_RATE } from './captured-audio';
export type { PipelineOptions, PipelineStats, Vad } from './caption-pipeline-types';

/** New tokens one partial hypothesis may add: partials stay cheap, so a final never waits long. */
const PARTIAL_MAX_NEW_TOKENS = 10;

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
  private readonly captured: CapturedAudio;
  private readonly output: CaptionOutput;
  private vadSamples = 0;
  private vadQueue: Promise<void> = Promise.resolve();
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
    this.captured = new CapturedAudio(this.now);
    this.output = new CaptionOutput(
      this.opts,
      this.now,
      () => this.closed,
      (error, context) => {
        this.stats.translationErrors += 1;
        this.fail(error, context);
      },
    );
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
    // Keep only what an open utterance (or the pre-pad) still needs.
    this.captured.append(this.gain.process(samples), () =>
      this.current
        ? Math.min(this.current.startSample, ...this.finals.map((f) => f.utt.startSample))
        : this.captured.totalSamples - samplesOf(this.opts.prePadMs + 500),
    );
    this.captured.arrived(samples.length, wall);
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
    if (this.current) this.confirmEnd(this.captured.totalSamples);
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

  private async runVad(): Promise<void> {
    const frame = this.opts.vad.frameSamples;
    while (!this.closed && this.vadSamples + frame <= this.captured.totalSamples) {
      const chunk = this.captured.audio(this.vadSamples, this.vadSamples + frame);
      const p = chunk.length === frame ? await this.opts.vad.probability(chunk) : 0;
      this.vadSamples += frame;
      for (const event of this.segmenter.push(p)) this.onSegment(event);
      this.checkSpeculation();
    }
    this.pump();
  }

  private onSegment(event: SegmenterEvent): void {
    if (event.type === 'start') {
      const startSample = Math.max(0, samplesOf(event.atMs));
      this.uttCounter += 1;
      this.current = {
        n: this.uttCounter,
        id: `u${this.uttCounter}-${Math.round(event.atMs)}`,
        startSample,
        startWall: this.captured.wallAt(startSample),
        agreement: new LocalAgreement({ n: 2 }),
        firstPartialAt: null,
        lastPartialText: '',
        lastTranslatedPartial: '',
        lastPartialTranslationWall: 0,
        drafts: new Map(),
      };
      this.stats.utterances += 1;
    } else if (event.type === 'end') {
      this.confirmEnd(samplesOf(event.atMs));
    } else if (event.type === 'split' && this.current) {
      const at = samplesOf(event.atMs);
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
      const endSample = samplesOf(ending);
      const job: FinalJob = {
        utt,
        endSample,
        confirmed: false,
        endWall: this.captured.wallAt(endSample),
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
    if (spec && !spec.cancelled && Math.abs(spec.endSample - endSample) <= samplesOf(40)) {
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
        endWall: this.captured.wallAt(endSample),
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
      if (heard >= samplesOf(240)) {
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
    const audio = this.captured.audio(utt.startSample, this.vadSamples);
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
    const startMs = msOf(utt.startSample);
    const endMs = msOf(this.vadSamples);
    if (text && text !== utt.lastPartialText) {
      utt.lastPartialText = text;
      if (utt.firstPartialAt === null) {
        utt.firstPartialAt = emittedAt;
        this.stats.firstPartialMs.push(emittedAt - utt.startWall);
      }
      this.output.emitSource(utt, text, false, startMs, endMs, emittedAt);
    }
    // Agreed text is translated as it grows (even when the shown partial did not change), so viewers read
    // along and the final translation only has the tail left to do.
    const committed = utt.agreement.committed;
    if (
      this.opts.translatePartials &&
      committed &&
      committed !== utt.lastTranslatedPartial &&
      emittedAt - utt.lastPartialTranslationWall > Math.max(1200, 3 * this.output.partialMtCostMs)
    ) {
      utt.lastTranslatedPartial = committed;
      utt.lastPartialTranslationWall = emittedAt;
      await this.output.translateAll(utt, committed, false, startMs, endMs, signal);
    }
  }

  private async runFinal(job: FinalJob): Promise<void> {
    const work = (async () => {
      const { utt } = job;
      const audio = this.captured.audio(utt.startSample, job.endSample);
      const prompt = this.opts.glossary()?.promptFor(this.opts.sourceLang);
      const r = await this.opts.recognizer.transcribe(audio, {
        lang: this.opts.sourceLang,
        final: true,
        prompt: prompt || undefined,
        prefix: utt.agreement.committed || undefined,
        signal: job.abort.signal,
      });
      this.asrComputeMs += r.computeMs;
      this.asrAudioMs += msOf(audio.length);
      const text = r.text;
      const startMs = msOf(utt.startSample);
      const endMs = msOf(job.endSample);
      // Translations start before the VAD is sure; they are held until it is, then each language goes out
      // as soon as its own translation is done.
      const lines = this.output.translateEach(utt, text, job.abort.signal, (endMs - startMs) / 1000);
      for (const l of lines) l.catch(() => undefined); // awaited below; an abort must not surface unhandled
      await this.whenConfirmed(job);
      if (job.cancelled || this.closed) return;
      utt.agreement.finalize(text);
      const emittedAt = this.now();
      this.output.emitSource(utt, text, true, startMs, endMs, emittedAt, this.recordLag(job, emittedAt));
      for (const line of lines) {
        const t = await line;
        if (job.cancelled || this.closed) return;
        if (!t) continue;
        const at = this.now();
        const caption = this.output.caption(utt, t.lang, t.text, true, false, startMs, endMs, at, t.terms);
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
}
