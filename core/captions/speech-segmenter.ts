// Cuts the host's speech into utterances from per-frame VAD speech probabilities: hysteresis, a minimum
// speech length, a hangover before an end, pre-speech padding and a forced split of overlong utterances.

export interface SegmenterOptions {
  /** Length of one VAD frame, ms (Silero: 32 ms at 512 samples, 96 ms at 1536). */
  frameMs: number;
  /** A frame at or above this starts speech. Default 0.5. */
  startThreshold?: number;
  /** Once speaking, frames at or above this keep it going (hysteresis). Default 0.35. */
  stayThreshold?: number;
  /** Speech shorter than this (a cough, a click) is no utterance. Default 250 ms. */
  minSpeechMs?: number;
  /** Silence that must pass before the utterance ends (redemption). Default 300 ms. */
  hangoverMs?: number;
  /** Audio kept before the first speech frame, so the recogniser hears the onset. Default 200 ms. */
  prePadMs?: number;
  /** An utterance this long is split at its quietest moment in the last `splitWindowMs`. Default 12 s. */
  maxUtteranceMs?: number;
  /** Default 1000 ms. */
  splitWindowMs?: number;
  /** How long the probability must have been down before maybeEnding reports it. Default 0. */
  maybeEndingAfterMs?: number;
}

/**
 * Times are ms from the first frame pushed. `start.atMs` is where the utterance's audio begins (padding
 * included); `end.atMs` is where the speech ended (the end of its last speech frame), not when the
 * hangover confirmed it; `split` ends the utterance begun at startMs at atMs and begins the next there.
 */
export type SegmenterEvent =
  | { type: 'start'; atMs: number }
  | { type: 'end'; atMs: number; startMs: number }
  | { type: 'split'; atMs: number; startMs: number };

type State = 'idle' | 'pending' | 'speaking';

export class SpeechSegmenter {
  private readonly o: Required<SegmenterOptions>;
  private state: State = 'idle';
  private frames = 0;
  private onsetMs = 0;
  private speechMs = 0;
  private silenceMs = 0;
  private lastSpeechEndMs = 0;
  private utteranceStartMs = 0;
  /** Where the previous utterance ended: padding never reaches back past it. */
  private previousEndMs = 0;
  /** Probabilities of the frames within the split window, oldest first. */
  private recent: { startMs: number; p: number }[] = [];

  constructor(options: SegmenterOptions) {
    if (!(options.frameMs > 0)) throw new RangeError('frameMs must be positive');
    this.o = {
      startThreshold: 0.5,
      stayThreshold: 0.35,
      minSpeechMs: 250,
      hangoverMs: 300,
      prePadMs: 200,
      maxUtteranceMs: 12_000,
      splitWindowMs: 1000,
      maybeEndingAfterMs: 0,
      ...definedOnly(options),
    } as Required<SegmenterOptions>;
  }

  /** The time up to which frames have been pushed, ms. */
  get nowMs(): number {
    return this.frames * this.o.frameMs;
  }

  /** Whether an utterance is open (started and not yet ended). */
  get speaking(): boolean {
    return this.state === 'speaking';
  }

  /**
   * While an utterance is open and the probability has dropped but the hangover has not passed: where the
   * speech ended if it does not resume (what `end.atMs` will then be). Null otherwise. A pipeline can start
   * its final recognition on this and drop it if the speaker goes on.
   */
  get maybeEnding(): number | null {
    if (this.state !== 'speaking' || this.silenceMs === 0) return null;
    return this.silenceMs >= this.o.maybeEndingAfterMs ? this.lastSpeechEndMs : null;
  }

  /** Feeds the speech probability of the next frame. */
  push(probability: number): SegmenterEvent[] {
    const p = Number.isFinite(probability) ? probability : 0;
    const { frameMs } = this.o;
    const startMs = this.frames * frameMs;
    const endMs = startMs + frameMs;
    this.frames++;
    this.recent.push({ startMs, p });
    while (this.recent.length > 0 && this.recent[0]!.startMs < endMs - this.o.splitWindowMs)
      this.recent.shift();
    const events: SegmenterEvent[] = [];
    switch (this.state) {
      case 'idle':
        if (p >= this.o.startThreshold) {
          this.state = 'pending';
          this.onsetMs = startMs;
          this.speechMs = frameMs;
          this.lastSpeechEndMs = endMs;
          this.silenceMs = 0;
          this.confirmIfLongEnough(events);
        }
        break;
      case 'pending':
        if (p >= this.o.stayThreshold) {
          this.speechMs += frameMs;
          this.lastSpeechEndMs = endMs;
          this.silenceMs = 0;
          this.confirmIfLongEnough(events);
        } else {
          this.silenceMs += frameMs;
          if (this.silenceMs >= this.o.hangoverMs) this.state = 'idle'; // too short: a misfire
        }
        break;
      case 'speaking':
        if (p >= this.o.stayThreshold) {
          this.lastSpeechEndMs = endMs;
          this.silenceMs = 0;
        } else {
          this.silenceMs += frameMs;
          if (this.silenceMs >= this.o.hangoverMs) this.end(events);
        }
        break;
    }
    if (this.state === 'speaking' && endMs - this.utteranceStartMs >= this.o.maxUtteranceMs) {
      if (this.silenceMs > 0) {
        // Already in a pause: the speech ended where it went quiet; if it resumes, that is a new utterance.
        this.end(events);
      } else {
        this.split(events);
      }
    }
    return events;
  }

  /** Ends an open utterance now (the audio stopped); a pending one that never got long enough is dropped. */
  flush(): SegmenterEvent[] {
    const events: SegmenterEvent[] = [];
    if (this.state === 'speaking') this.end(events);
    this.state = 'idle';
    return events;
  }

  /** Back to the beginning: no utterance, time 0. */
  reset(): void {
    this.state = 'idle';
    this.frames = 0;
    this.speechMs = 0;
    this.silenceMs = 0;
    this.previousEndMs = 0;
    this.recent = [];
  }

  private confirmIfLongEnough(events: SegmenterEvent[]): void {
    if (this.speechMs < this.o.minSpeechMs) return;
    this.state = 'speaking';
    this.utteranceStartMs = Math.max(0, this.previousEndMs, this.onsetMs - this.o.prePadMs);
    events.push({ type: 'start', atMs: this.utteranceStartMs });
  }

  private end(events: SegmenterEvent[]): void {
    events.push({ type: 'end', atMs: this.lastSpeechEndMs, startMs: this.utteranceStartMs });
    this.previousEndMs = this.lastSpeechEndMs;
    this.state = 'idle';
    this.silenceMs = 0;
  }

  /** Splits at the middle of the quietest frame of the last window (the earliest, on a tie). */
  private split(events: SegmenterEvent[]): void {
    let quietest: { startMs: number; p: number } | null = null;
    for (const f of this.recent) {
      if (f.startMs < this.utteranceStartMs) continue;
      if (!quietest || f.p < quietest.p) quietest = f;
    }
    const atMs = quietest ? quietest.startMs + this.o.frameMs / 2 : this.nowMs;
    events.push({ type: 'split', atMs, startMs: this.utteranceStartMs });
    this.utteranceStartMs = atMs;
    this.previousEndMs = atMs;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
