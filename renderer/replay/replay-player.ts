// ReplayPlayer: plays a recording's segments in order on one <video>, on the stream's clock. It switches `src`
// at a segment's end (or when the file ends first), skips the gaps between segments, and seeks across them.
// Without a recording it runs a clock of its own, so the transcript, comments and timeline still follow a
// playhead. It reports stream time, play state and segment to the store a few times a second; the danmaku
// layer and the timeline's playhead read `currentMs()` every frame.
import type { ReplayStore } from './replay-store';
import type { RecordingTimeline } from './recording-timeline';

type VideoWithFrames = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
};

/** The store is told at most this often while playing. */
const REPORT_MS = 150;
/** A seek waits this long at most for the frame (a video that never presents one: a broken file). */
const FRAME_WAIT_MS = 3000;

export class ReplayPlayer {
  private video: VideoWithFrames | null = null;
  private timeline: RecordingTimeline | null = null;
  private durationMs = 0;
  private index = -1;
  /** Stream time when nothing plays a file (no recording, or between loads). */
  private virtualMs = 0;
  private virtualSince: number | null = null;
  private wantPlay = false;
  private raf = 0;
  private lastReport = 0;
  private seekToken = 0;
  private readonly seekListeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly store: ReplayStore) {}

  /** Called after every seek (the danmaku replay starts again there); returns the disposer. */
  onSeek(listener: () => void): () => void {
    this.seekListeners.add(listener);
    return () => this.seekListeners.delete(listener);
  }

  /** The <video> to play on (mounted by the page); returns the disposer. */
  attach(video: HTMLVideoElement): () => void {
    this.video = video;
    const on = (type: string, fn: () => void) => {
      video.addEventListener(type, fn);
      return () => video.removeEventListener(type, fn);
    };
    const offs = [
      on('ended', () => void this.next()),
      on('play', () => this.report(true)),
      on('pause', () => this.report(true)),
      on('loadedmetadata', () => this.store.getState().set({ playerReady: true })),
      on('error', () => this.store.getState().set({ playerReady: true })),
    ];
    if (this.timeline && !this.timeline.empty) void this.loadSegment(Math.max(0, this.index), 0);
    return () => {
      offs.forEach((off) => off());
      if (this.video === video) this.video = null;
    };
  }

  /** A stream's recording (or none); starts paused at its beginning. */
  load(timeline: RecordingTimeline, durationMs: number): void {
    this.timeline = timeline;
    this.durationMs = durationMs;
    this.index = -1;
    this.virtualMs = timeline.empty ? 0 : timeline.startMs;
    this.virtualSince = null;
    this.wantPlay = false;
    this.store.getState().set({ playerReady: timeline.empty, currentMs: this.virtualMs, playing: false });
    if (!timeline.empty && this.video) void this.loadSegment(0, 0);
    this.report(true);
  }

  get hasRecording(): boolean {
    return !!this.timeline && !this.timeline.empty;
  }

  /** The stream time shown now. */
  currentMs(): number {
    if (this.index >= 0 && this.video && this.timeline && this.video.readyState >= 1)
      return this.timeline.streamMs(this.index, this.video.currentTime * 1000);
    if (this.virtualSince !== null)
      return Math.min(this.durationMs, this.virtualMs + performance.now() - this.virtualSince);
    return this.virtualMs;
  }

  get playing(): boolean {
    if (this.hasRecording) return !!this.video && !this.video.paused && !this.video.ended;
    return this.virtualSince !== null;
  }

  get segmentSeq(): number | null {
    return this.timeline?.segments[this.index]?.seq ?? null;
  }

  play(): void {
    this.wantPlay = true;
    if (this.hasRecording) {
      if (this.index < 0 || this.timeline!.locate(this.currentMs()) === null)
        void this.seek(this.timeline!.startMs);
      void this.video?.play().catch(() => undefined);
    } else if (this.virtualSince === null) {
      if (this.virtualMs >= this.durationMs) this.virtualMs = 0;
      this.virtualSince = performance.now();
    }
    this.loop();
  }

  pause(): void {
    this.wantPlay = false;
    if (this.hasRecording) this.video?.pause();
    else if (this.virtualSince !== null) {
      this.virtualMs = this.currentMs();
      this.virtualSince = null;
    }
    this.report(true);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Moves the playhead by `deltaMs`. */
  skip(deltaMs: number): Promise<void> {
    return this.seek(this.currentMs() + deltaMs);
  }

  /**
   * Shows stream time `ms` (a gap: the start of the next segment; past the end: the last frame) and resolves
   * once that frame is presented. A later seek supersedes this one (which then resolves too).
   */
  async seek(ms: number): Promise<void> {
    const target = Math.min(Math.max(0, ms), this.durationMs || Number.MAX_SAFE_INTEGER);
    const token = ++this.seekToken;
    if (!this.hasRecording || !this.video) {
      this.virtualMs = target;
      if (this.virtualSince !== null) this.virtualSince = performance.now();
      this.report(true);
      this.seekListeners.forEach((l) => l());
      return;
    }
    const timeline = this.timeline!;
    const pos = timeline.locate(target) ?? {
      index: timeline.segments.length - 1,
      offsetMs: Math.max(0, timeline.endMs - timeline.segments.at(-1)!.startMs - 50),
      streamMs: timeline.endMs,
    };
    if (pos.index !== this.index) {
      await this.loadSegment(pos.index, pos.offsetMs);
    } else {
      await this.seekInFile(pos.offsetMs);
    }
    if (token !== this.seekToken) return;
    await this.presented();
    this.report(true);
    this.seekListeners.forEach((l) => l());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    cancelAnimationFrame(this.raf);
    this.seekListeners.clear();
  }

  private async loadSegment(index: number, offsetMs: number): Promise<void> {
    const video = this.video;
    const segment = this.timeline?.segments[index];
    if (!video || !segment) return;
    this.index = index;
    this.store.getState().set({ segmentSeq: segment.seq });
    const resume = this.wantPlay;
    if (video.getAttribute('src') !== segment.url) {
      const loaded = once(video, ['loadedmetadata', 'error']);
      video.src = segment.url;
      await loaded;
    }
    await this.seekInFile(offsetMs);
    if (resume) void video.play().catch(() => undefined);
  }

  private async seekInFile(offsetMs: number): Promise<void> {
    const video = this.video;
    if (!video) return;
    const seconds = offsetMs / 1000;
    if (Math.abs(video.currentTime - seconds) < 0.001 && !video.seeking) return;
    const seeked = once(video, ['seeked', 'error', 'emptied']);
    // Chromium presents the frame before 'seeked': the callback is asked for first, or it never comes.
    this.frame = this.frameAfter();
    video.currentTime = seconds;
    await seeked;
  }

  /** The frame the last seek presents (asked for before the seek). */
  private frame: Promise<void> | null = null;

  /** Waits for the video to present a frame after a seek. */
  private presented(): Promise<void> {
    const f = this.frame ?? Promise.resolve();
    this.frame = null;
    return f;
  }

  private frameAfter(): Promise<void> {
    const video = this.video;
    if (!video?.requestVideoFrameCallback) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, FRAME_WAIT_MS);
      video.requestVideoFrameCallback!(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The segment after this one (its file ended, or it reached its end on the stream's clock). */
  private async next(): Promise<void> {
    if (!this.timeline || this.index < 0) return;
    const following = this.index + 1;
    if (following >= this.timeline.segments.length) {
      this.wantPlay = false;
      this.report(true);
      return;
    }
    this.wantPlay = true;
    await this.loadSegment(following, 0);
    this.report(true);
  }

  private loop(): void {
    if (this.raf || this.closed) return;
    const frame = () => {
      this.raf = 0;
      if (this.closed) return;
      if (this.hasRecording && this.video && this.index >= 0 && !this.video.paused && !this.video.seeking) {
        const offset = this.video.currentTime * 1000;
        if (this.timeline!.atSegmentEnd(this.index, offset)) void this.next();
      }
      if (!this.hasRecording && this.virtualSince !== null && this.currentMs() >= this.durationMs)
        this.pause();
      this.report(false);
      if (this.playing || this.wantPlay) this.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  }

  private report(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastReport < REPORT_MS) return;
    this.lastReport = now;
    const playing = this.playing;
    this.store
      .getState()
      .set({ currentMs: Math.round(this.currentMs()), playing, segmentSeq: this.segmentSeq });
    if (playing) this.loop();
  }
}

/** Resolves on the first of `types` (or after `timeoutMs`: a file that fails to load must not hang a seek). */
function once(target: EventTarget, types: string[], timeoutMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      types.forEach((type) => target.removeEventListener(type, done));
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    types.forEach((type) => target.addEventListener(type, done));
  });
}
