// Speech recognition over an OpenAI-compatible /audio/transcriptions endpoint, with the user's own key. The
// same code serves api.openai.com and a local whisper.cpp or faster-whisper server: only the base URL and
// the model differ.
//
// Rate policy for partial hypotheses. The pipeline asks for a partial every few hundred ms while the host
// speaks, and each one is a full upload and a billed request, often slower than the rate they are asked
// for. So:
//   - at most one partial request is in flight at a time;
//   - a partial asked for meanwhile waits in a single queue slot; a newer partial replaces the queued one,
//     and the replaced caller gets the newer request's result (its audio is a prefix of the newer audio,
//     so that hypothesis supersedes its own);
//   - a final is never queued or skipped: it goes out at once, even beside a partial in flight, and a
//     partial still queued at that moment is answered with the final's result instead of being sent.
// A caller that aborts is rejected at once; a shared request is cancelled only when none of its callers
// still wants it.
import type { CaptionLanguage } from '../../../core/protocol/captions';
import { AUDIO_SAMPLE_RATE } from '../../../core/protocol/captions';
import { EngineError, type Recognition, type RecognizeOptions, type SpeechRecognizer } from '../engines';
import { classifyOpenAi, DEFAULT_TIMEOUT_MS, joinUrl, postJson, type FetchFn } from './http-client';
import { encodeWav } from './wav';

export interface OpenAiRecognizerOptions {
  /** e.g. https://api.openai.com/v1, or http://127.0.0.1:8080/v1 for a local server. */
  baseUrl: string;
  apiKey: string;
  /** e.g. whisper-1, gpt-4o-mini-transcribe, or whatever name a local server expects. */
  model: string;
  fetch?: FetchFn;
  /** Per attempt, ms. */
  timeoutMs?: number;
}

/** OpenAI rejects audio under 0.1 s with a 400; such a sliver holds no words anyway. */
const MIN_SAMPLES = AUDIO_SAMPLE_RATE / 10;

interface Waiter {
  resolve(result: Recognition): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** The job this caller currently waits on; it moves when a final absorbs a queued partial. */
  job: Job;
}

interface Job {
  wav: Uint8Array<ArrayBuffer>;
  lang: CaptionLanguage;
  prompt: string | undefined;
  waiters: Set<Waiter>;
  controller: AbortController;
}

export class OpenAiRecognizer implements SpeechRecognizer {
  readonly name: string;
  private readonly url: string;
  private readonly apiKey: string;
  private readonly model: string;
  private readonly fetchFn: FetchFn;
  private readonly timeoutMs: number;
  private partialInFlight: Job | null = null;
  private queued: Job | null = null;
  private readonly running = new Set<Job>();
  private closed = false;

  constructor(options: OpenAiRecognizerOptions) {
    this.url = joinUrl(options.baseUrl, 'audio/transcriptions');
    this.apiKey = options.apiKey;
    this.model = options.model;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.name = `openai:${options.model}`;
  }

  transcribe(audio: Float32Array, options: RecognizeOptions): Promise<Recognition> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    if (this.closed) return Promise.reject(closedError());
    if (audio.length < MIN_SAMPLES) return Promise.resolve({ text: '', computeMs: 0 });

    return new Promise<Recognition>((resolve, reject) => {
      // Encoded now, not when the request leaves: the caller may reuse its buffer while we wait.
      const wav = encodeWav(audio);
      const attach = (job: Job) => {
        const waiter: Waiter = { resolve, reject, signal: options.signal, onAbort: undefined, job };
        if (options.signal) {
          const signal = options.signal;
          waiter.onAbort = () => this.drop(waiter, signal.reason);
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        job.waiters.add(waiter);
      };

      if (options.final) {
        const job = this.newJob(wav, options);
        attach(job);
        const absorbed = this.queued;
        if (absorbed) {
          this.queued = null;
          for (const waiter of absorbed.waiters) {
            waiter.job = job;
            job.waiters.add(waiter);
          }
        }
        void this.run(job, false);
      } else if (!this.partialInFlight) {
        const job = this.newJob(wav, options);
        attach(job);
        void this.run(job, true);
      } else if (this.queued) {
        this.queued.wav = wav;
        this.queued.lang = options.lang;
        this.queued.prompt = options.prompt;
        attach(this.queued);
      } else {
        this.queued = this.newJob(wav, options);
        attach(this.queued);
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const queued = this.queued;
    this.queued = null;
    if (queued) this.settle(queued, (w) => w.reject(closedError()));
    for (const job of this.running) job.controller.abort(closedError());
  }

  private newJob(wav: Uint8Array<ArrayBuffer>, options: RecognizeOptions): Job {
    return {
      wav,
      lang: options.lang,
      prompt: options.prompt,
      waiters: new Set(),
      controller: new AbortController(),
    };
  }

  private async run(job: Job, partial: boolean): Promise<void> {
    this.running.add(job);
    if (partial) this.partialInFlight = job;
    try {
      const result = await this.request(job);
      this.settle(job, (w) => w.resolve(result));
    } catch (err) {
      this.settle(job, (w) => w.reject(err));
    } finally {
      this.running.delete(job);
      if (partial) {
        this.partialInFlight = null;
        const next = this.queued;
        if (next && !this.closed) {
          this.queued = null;
          void this.run(next, true);
        }
      }
    }
  }

  private async request(job: Job): Promise<Recognition> {
    const started = performance.now();
    const json = await postJson({
      service: 'OpenAI',
      url: this.url,
      headers: { Authorization: `Bearer ${this.apiKey}` },
      // fetch sets the multipart Content-Type with its boundary itself; setting it here would lose that.
      body: () => {
        const form = new FormData();
        form.append('file', new Blob([job.wav], { type: 'audio/wav' }), 'utterance.wav');
        form.append('model', this.model);
        form.append('language', isoLanguage(job.lang));
        if (job.prompt) form.append('prompt', job.prompt);
        form.append('response_format', 'json');
        form.append('temperature', '0');
        return form;
      },
      fetch: this.fetchFn,
      timeoutMs: this.timeoutMs,
      signal: job.controller.signal,
      secret: this.apiKey,
      classify: classifyOpenAi,
    });
    const text = json && typeof json === 'object' ? (json as { text?: unknown }).text : undefined;
    if (typeof text !== 'string') {
      throw new EngineError('bad_response', 'The transcription answer has no text field.');
    }
    // Whisper starts its output with a space and sometimes ends with a newline.
    return { text: text.trim(), computeMs: Math.round(performance.now() - started) };
  }

  private drop(waiter: Waiter, reason: unknown): void {
    const job = waiter.job;
    if (!job.waiters.delete(waiter)) return;
    waiter.reject(reason);
    if (job.waiters.size > 0) return;
    if (job === this.queued) this.queued = null;
    else job.controller.abort();
  }

  private settle(job: Job, fn: (waiter: Waiter) => void): void {
    for (const waiter of job.waiters) {
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      fn(waiter);
    }
    job.waiters.clear();
  }
}

/** Whisper takes ISO-639-1 codes: the region of zh-CN means nothing to it. */
function isoLanguage(lang: CaptionLanguage): string {
  return lang.split('-')[0] ?? lang;
}

function closedError(): EngineError {
  return new EngineError('unreachable', 'The OpenAI recognizer was closed.');
}
