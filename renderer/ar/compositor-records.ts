// What the compositor measures as it runs (draw and tracking times, cross-fade frames) and, in debug mode,
// what it drew and tracked: the figures behind stats(), the bench's samples and the test hook's history.
import { percentile, push, type DrawnRecord, type TrackedRecord } from './compositor-types';

const HISTORY = 900;

export class CompositorRecords {
  private readonly drawTimes: number[] = [];
  private readonly drawDurations: number[] = [];
  private readonly fadeDrawDurations: number[] = [];
  private readonly trackDoneTimes: number[] = [];
  private readonly trackDurations: number[] = [];
  private readonly drawn: DrawnRecord[] = [];
  private readonly tracked: TrackedRecord[] = [];

  constructor(readonly debug: boolean) {}

  frameStarted(now: number): void {
    push(this.drawTimes, now, 120);
  }

  frameDrawn(took: number, fading: boolean): void {
    push(this.drawDurations, took, 120);
    if (fading) push(this.fadeDrawDurations, took, 600);
  }

  trackDone(done: number, ms: number): void {
    push(this.trackDurations, ms, 600);
    push(this.trackDoneTimes, done, 60);
  }

  /** Debug only (the caller checks `debug` first, so records are not even built otherwise). */
  addDrawn(record: DrawnRecord): void {
    push(this.drawn, record, HISTORY);
  }

  addTracked(record: TrackedRecord): void {
    push(this.tracked, record, HISTORY);
  }

  /** Frames drawn over the last second, tracking results per second over the last two, and medians. */
  rates(now: number): {
    drawnFps: number;
    trackMs: number | null;
    trackHz: number;
    drawMs: number | null;
    fadeDrawP95Ms: number | null;
  } {
    return {
      drawnFps: this.drawTimes.filter((t) => now - t <= 1000).length,
      trackMs: percentile(this.trackDurations.slice(-30), 50),
      trackHz: this.trackDoneTimes.filter((t) => now - t <= 2000).length / 2,
      drawMs: percentile(this.drawDurations.slice(-60), 50),
      fadeDrawP95Ms: percentile(this.fadeDrawDurations.slice(-120), 95),
    };
  }

  trackSamples(): number[] {
    return [...this.trackDurations];
  }

  fadeSamples(): number[] {
    return [...this.fadeDrawDurations];
  }

  history(): { drawn: DrawnRecord[]; tracked: TrackedRecord[] } {
    return { drawn: [...this.drawn], tracked: [...this.tracked] };
  }

  clear(): void {
    this.drawn.length = 0;
    this.tracked.length = 0;
    this.trackDurations.length = 0;
    this.fadeDrawDurations.length = 0;
  }
}
