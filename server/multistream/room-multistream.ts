// One room's multistream on this node: the shared encode (started when the first destination is added,
// rebuilt when the host's producers change, restarted with backoff when FFmpeg dies) and its destinations,
// each fed the encode's FLV tags on its own. Its status goes out on every change and every 2 s while a
// destination is live.
import type { MultistreamStatus } from '../../core/protocol/multistream';
import type { Logger } from '../log';
import type { SegmentMedia } from '../media-out/segment-recorder';
import { Destination, type DestinationConfig, type StreamStart } from './destination';
import { FLV_AUDIO, FLV_SCRIPT, FLV_VIDEO, FlvReader } from './flv';
import { RoomEncoder } from './room-encoder';

const ENCODER_BACKOFF_MS = [500, 1000, 2000, 5000, 10_000];
const SETTLE_MS = 1000;
const TICK_MS = 2000;
const WAITING = "Waiting for the host's video and audio";

export interface RoomMultistreamDeps {
  /** FFmpeg, or null with the reason none can run. */
  bin: string | null;
  offReason: string | null;
  media(): Promise<SegmentMedia | null>;
  status(status: MultistreamStatus): void;
  log: Logger;
  /** How long destinations wait for the host's media before saying no_media (they keep waiting). */
  noMediaMs: number;
}

type EncoderState = MultistreamStatus['encoder']['state'];

export class RoomMultistream {
  private readonly destinations = new Map<string, Destination>();
  private encoder: RoomEncoder | null = null;
  private encoderState: EncoderState = 'starting';
  private encoderReason: string | null = null;
  private cpuPct: number | null = null;
  private cpuSample: { at: number; cpu: number } | null = null;
  private stream: { header: Buffer | null; meta: Buffer | null; avc: Buffer | null; aac: Buffer | null } = {
    header: null,
    meta: null,
    avc: null,
    aac: null,
  };
  private start_: StreamStart | null = null;
  private queue: Promise<void> = Promise.resolve();
  private settleTimer: NodeJS.Timeout | null = null;
  private noMediaTimer: NodeJS.Timeout | null = null;
  private tick: NodeJS.Timeout | null = null;
  private restarts = 0;
  private ended = false;

  constructor(
    readonly roomId: string,
    private readonly deps: RoomMultistreamDeps,
  ) {}

  status(): MultistreamStatus {
    return {
      roomId: this.roomId,
      encoder: { state: this.encoderState, reason: this.encoderReason, cpuPct: this.cpuPct },
      destinations: [...this.destinations.values()].map((d) => d.status()),
      at: Date.now(),
    };
  }

  get active(): boolean {
    return !this.ended && this.destinations.size > 0;
  }

  /** Encoder and destination FFmpeg pids (tests, diagnostics). */
  processes(): { encoder: number | undefined; destinations: Record<string, number | undefined> } {
    return {
      encoder: this.encoder?.pid,
      destinations: Object.fromEntries([...this.destinations].map(([id, d]) => [id, d.pid])),
    };
  }

  /** Starts the destinations given, keeps those unchanged, stops those no longer listed. */
  async setDestinations(configs: readonly DestinationConfig[]): Promise<void> {
    this.ended = false;
    const wanted = new Map(configs.map((c) => [c.id, c]));
    const stopping: Promise<void>[] = [];
    for (const [id, d] of this.destinations) {
      const c = wanted.get(id);
      const same = c && c.url === d.config.url && c.key === d.config.key && c.name === d.config.name;
      // An unchanged destination keeps going; one in error is tried again (the host asked again).
      if (same && d.status().state !== 'error') wanted.delete(id);
      else {
        this.destinations.delete(id);
        stopping.push(d.stop());
      }
    }
    await Promise.all(stopping);
    for (const config of wanted.values()) {
      const d = new Destination(config, {
        bin: this.deps.bin ?? 'ffmpeg',
        roomId: this.roomId,
        log: this.deps.log,
        changed: () => this.changed(),
        start: () => this.start_,
      });
      this.destinations.set(config.id, d);
      if (!this.deps.bin) d.fail('no_ffmpeg', this.deps.offReason ?? 'FFmpeg is not available');
      else if (this.start_) d.streamStarted(this.start_);
    }
    if (!this.deps.bin) {
      this.setEncoder('error', this.deps.offReason);
      return;
    }
    this.startTicking();
    if (this.destinations.size === 0) await this.step(() => this.stopEncoder());
    else if (!this.encoder) await this.step(() => this.roll());
    this.changed();
  }

  async remove(id?: string): Promise<void> {
    const ids = id ? [id] : [...this.destinations.keys()];
    await Promise.all(
      ids.map((i) => {
        const d = this.destinations.get(i);
        this.destinations.delete(i);
        return d?.stop();
      }),
    );
    if (this.destinations.size === 0) {
      await this.step(() => this.stopEncoder());
      this.setEncoder('ended', null);
      this.stopTicking();
    }
    this.changed();
  }

  /** A producer opened or closed: the encode is rebuilt on the new producers once they settle. */
  producersChanged(): void {
    if (!this.active || !this.deps.bin) return;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      void this.step(() => this.roll());
    }, SETTLE_MS);
    this.settleTimer.unref?.();
  }

  /** The stream ended: every destination ends, then the encode. Its last status stays readable. */
  async end(): Promise<void> {
    this.ended = true;
    this.clearTimers();
    await Promise.all([...this.destinations.values()].map((d) => d.stop()));
    await this.step(() => this.stopEncoder());
    this.encoderState = 'ended';
    this.encoderReason = null;
    this.deps.status(this.status());
  }

  private step(fn: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(fn).catch((error: unknown) => {
      this.deps.log.error({ roomId: this.roomId, err: String(error) }, 'multistream step failed');
    });
    return this.queue;
  }

  private async roll(restart = false): Promise<void> {
    if (!this.active || !this.deps.bin) return;
    const media = await this.deps.media();
    const wanted = (media?.producers ?? []).map((p) => p.id).sort();
    if (this.encoder && !restart && [...this.encoder.producerIds].sort().join() === wanted.join()) return;
    await this.stopEncoder();
    if (!media || wanted.length === 0) return this.waitForMedia();
    this.clearNoMedia();
    const hasVideo = media.producers.some((p) => p.kind === 'video');
    const reader = new FlvReader({
      header: (h) => (this.stream = { header: h, meta: null, avc: null, aac: null }),
      tag: (tag) => {
        if (!this.start_) {
          if (tag.type === FLV_SCRIPT) this.stream.meta = tag.bytes;
          else if (tag.sequenceHeader && tag.type === FLV_VIDEO) this.stream.avc = tag.bytes;
          else if (tag.sequenceHeader && tag.type === FLV_AUDIO) this.stream.aac = tag.bytes;
          if (!this.streamReady(tag.keyframe || (!hasVideo && tag.type === FLV_AUDIO))) return;
        }
        for (const d of this.destinations.values()) d.feed(tag, hasVideo);
      },
      invalid: (reason) => void this.step(() => this.encoderDied(encoder, `not FLV: ${reason}`)),
    });
    let encoder: RoomEncoder;
    try {
      this.setEncoder(restart ? 'restarting' : 'starting', this.encoderReason);
      encoder = await RoomEncoder.start(
        this.deps.bin,
        media,
        {
          data: (chunk) => reader.push(chunk),
          died: (detail) => void this.step(() => this.encoderDied(encoder, detail)),
          mediaGone: () => this.producersChanged(),
        },
        this.deps.log,
      );
    } catch (error) {
      this.deps.log.warn({ roomId: this.roomId, err: String(error) }, 'multistream encoder could not start');
      return this.retry(`FFmpeg could not start the encode: ${(error as Error).message}`);
    }
    this.encoder = encoder;
    this.cpuSample = null;
  }

  /** Whether the stream's start is complete (at its first key frame): destinations (re)start on it. */
  private streamReady(startPoint: boolean): boolean {
    const { header, meta, avc, aac } = this.stream;
    if (!startPoint || !header) return false;
    this.start_ = {
      header,
      preamble: [meta, avc, aac].filter((b): b is Buffer => b !== null),
      hasVideo: avc !== null,
    };
    this.restarts = 0;
    this.setEncoder('running', null);
    for (const d of this.destinations.values()) d.streamStarted(this.start_);
    return true;
  }

  private async encoderDied(encoder: RoomEncoder, detail: string): Promise<void> {
    if (this.encoder !== encoder) return;
    await this.stopEncoder();
    this.retry(`The encode stopped; restarting (${detail})`);
  }

  private retry(reason: string): void {
    if (!this.active) return;
    const wait = ENCODER_BACKOFF_MS[Math.min(this.restarts, ENCODER_BACKOFF_MS.length - 1)]!;
    this.restarts++;
    this.setEncoder('restarting', reason.slice(0, 500));
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      void this.step(() => this.roll(true));
    }, wait);
    this.settleTimer.unref?.();
  }

  private async stopEncoder(): Promise<void> {
    const encoder = this.encoder;
    this.encoder = null;
    this.start_ = null;
    this.cpuPct = null;
    await encoder?.stop();
  }

  private waitForMedia(): void {
    this.setEncoder('starting', WAITING);
    if (this.noMediaTimer) return;
    this.noMediaTimer = setTimeout(() => {
      this.noMediaTimer = null;
      if (this.start_ || !this.active) return;
      for (const d of this.destinations.values())
        d.fail('no_media', 'No video or audio from the host yet: waiting for it');
    }, this.deps.noMediaMs);
    this.noMediaTimer.unref?.();
  }

  private clearNoMedia(): void {
    if (this.noMediaTimer) clearTimeout(this.noMediaTimer);
    this.noMediaTimer = null;
  }

  private setEncoder(state: EncoderState, reason: string | null): void {
    if (this.encoderState === state && this.encoderReason === reason) return;
    this.encoderState = state;
    this.encoderReason = reason;
    this.changed();
  }

  private changed(): void {
    if (!this.ended) this.deps.status(this.status());
  }

  private startTicking(): void {
    if (this.tick) return;
    this.tick = setInterval(() => {
      const cpu = this.encoder?.cpuSeconds();
      if (cpu !== null && cpu !== undefined) {
        const now = Date.now();
        if (this.cpuSample && now > this.cpuSample.at)
          this.cpuPct = Math.round((1e6 * (cpu - this.cpuSample.cpu)) / (now - this.cpuSample.at)) / 10;
        this.cpuSample = { at: now, cpu };
      }
      if ([...this.destinations.values()].some((d) => d.live)) this.changed();
    }, TICK_MS);
    this.tick.unref?.();
  }

  private stopTicking(): void {
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
  }

  private clearTimers(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.clearNoMedia();
    this.stopTicking();
  }
}
