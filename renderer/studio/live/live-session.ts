// The host's live session: camera and microphone, the AR compositor between the camera and the stream,
// going live in the room session's room (renderer/studio/room-session.ts owns the room and its client), and
// health polling. It writes plain numbers and flags into the studio store; the UI reads them
// from there. The video that is previewed and sent is always the compositor's track: try-on, hiding the
// overlay and switching cameras change what it draws, never the producer's track.
import { ArCompositor } from '../../ar/compositor';
import { useTryOnStore } from '../../ar/try-on-store';
import { streamHealth, type SenderSample } from '../../../core/media/stream-health';
import { StudioError } from '../../../core/protocol/result';
import {
  listDevices,
  openCamera,
  openMicrophone,
  TEST_PATTERN_ID,
  type OpenedSource,
} from '../../media/media-devices';
import type { RoomClient } from '../../media/room-client';
import { senderSample } from '../../media/webrtc-stats';
import { useStudioStore, type LiveState } from '../../stores/studio-store';
import type { RoomSession } from '../room-session';

// The stream's health is read from the browser's own sender statistics (RTCPeerConnection.getStats) once a
// second while live: those numbers exist only when asked for, so this is sampling, not waiting for news.
const HEALTH_POLL_MS = 1000;
/** How long the "media server restarted" notice stays at least, however fast the stream comes back. */
const MEDIA_RESET_NOTICE_MS = 10_000;

function message(error: unknown): string {
  if (error instanceof StudioError || error instanceof Error) return error.message;
  return String(error);
}

export class LiveSession {
  private camera: OpenedSource | null = null;
  private compositorInstance: ArCompositor | null = null;
  private readonly compositorListeners = new Set<(compositor: ArCompositor) => void>();
  private microphone: OpenedSource | null = null;
  private readonly preview = new MediaStream();
  private healthTimer: ReturnType<typeof setInterval> | null = null;
  private lastSample: SenderSample | null = null;
  private mediaResetAt = 0;
  private disposers: (() => void)[] = [];
  private readonly microphoneListeners = new Set<(track: MediaStreamTrack) => void>();
  /** Device changes run one at a time, in the order asked, so the last choice wins. */
  private deviceQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly room: RoomSession) {
    room.onClient((client) => this.watch(client));
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.deviceQueue.then(task, task);
    this.deviceQueue = run.catch(() => undefined);
    return run;
  }

  private patch(p: Partial<LiveState>): void {
    useStudioStore.getState().patchLive(p);
  }

  private get live(): LiveState {
    return useStudioStore.getState().live;
  }

  get previewStream(): MediaStream {
    return this.preview;
  }

  /** The compositor the camera is drawn through (null before the preview). */
  get compositor(): ArCompositor | null {
    return this.compositorInstance;
  }

  /** Called when the compositor is created (on the first preview); returns a disposer. */
  onCompositor(listener: (compositor: ArCompositor) => void): () => void {
    this.compositorListeners.add(listener);
    return () => this.compositorListeners.delete(listener);
  }

  /** The open microphone's track (also what live captions listen to), or null before the preview. */
  get microphoneTrack(): MediaStreamTrack | null {
    return this.microphone?.track ?? null;
  }

  /** Called with the new track whenever the microphone is switched; returns a disposer. */
  onMicrophoneChange(listener: (track: MediaStreamTrack) => void): () => void {
    this.microphoneListeners.add(listener);
    return () => this.microphoneListeners.delete(listener);
  }

  async startPreview(): Promise<void> {
    try {
      const { cameraId, microphoneId } = this.live;
      await this.useCamera(cameraId);
      await this.useMicrophone(microphoneId);
      await this.deviceQueue;
      const { cameras, microphones } = await listDevices();
      this.patch({
        cameras,
        microphones,
        phase: this.live.phase === 'idle' || this.live.phase === 'ended' ? 'preview' : this.live.phase,
        error: null,
      });
    } catch (error) {
      this.patch({ error: message(error) });
      throw error;
    }
  }

  useCamera(deviceId: string | null): Promise<void> {
    return this.serially(() => this.switchCamera(deviceId));
  }

  useMicrophone(deviceId: string | null): Promise<void> {
    return this.serially(() => this.switchMicrophone(deviceId));
  }

  private async switchCamera(deviceId: string | null): Promise<void> {
    const next = await openCamera(deviceId);
    const old = this.camera;
    this.camera = next;
    if (this.compositorInstance) {
      // The compositor's output track (previewed and sent) stays; only what it draws from changes.
      this.compositorInstance.setSource(next.track);
      this.compositorInstance.setTimestampStrip(deviceId === TEST_PATTERN_ID);
    } else {
      const compositor = new ArCompositor(next.track, {
        onError: (e) => useTryOnStore.getState().patchTryOn({ status: 'error', error: e.message }),
      });
      compositor.setTimestampStrip(deviceId === TEST_PATTERN_ID);
      this.compositorInstance = compositor;
      this.preview.getVideoTracks().forEach((t) => this.preview.removeTrack(t));
      this.preview.addTrack(compositor.track);
      for (const listener of this.compositorListeners) listener(compositor);
    }
    old?.stop();
    this.patch({ cameraId: deviceId });
  }

  private async switchMicrophone(deviceId: string | null): Promise<void> {
    const next = await openMicrophone(deviceId);
    next.track.enabled = !this.live.micMuted;
    const old = this.microphone;
    this.microphone = next;
    if (this.client?.isLive) await this.client.replaceTrack(next.track);
    for (const listener of this.microphoneListeners) listener(next.track);
    old?.stop();
    this.patch({ microphoneId: deviceId });
  }

  setMicMuted(muted: boolean): void {
    if (this.microphone) this.microphone.track.enabled = !muted;
    this.client?.setMuted('audio', muted);
    this.patch({ micMuted: muted });
  }

  /** Goes live in the host's room (created now if nothing created it before), titled as the form says. */
  async goLive(): Promise<void> {
    if (!this.camera || !this.microphone || !this.compositorInstance) await this.startPreview();
    this.patch({ phase: 'starting', error: null, mediaReset: false });
    try {
      const { client } = await this.room.forLive();
      await client.goLive([this.compositorInstance!.track, this.microphone!.track]);
      this.patch({ phase: 'live' });
      this.startHealth();
    } catch (error) {
      this.patch({ phase: 'preview', error: message(error) });
    }
  }

  /** The id of the producer sending the video now (the compositor's track), or null when not live. */
  get videoProducerId(): string | null {
    return this.client?.producerId('video') ?? null;
  }

  private get client(): RoomClient | null {
    return this.room.client;
  }

  async end(): Promise<void> {
    if (!this.client) return;
    this.patch({ phase: 'ending' });
    this.stopHealth();
    try {
      await this.client.endLive();
      this.patch({ phase: 'ended', health: null });
    } catch (error) {
      this.patch({ phase: 'live', error: message(error) });
    }
  }

  /** The room's connection: its media resets and errors are the live session's to show. */
  private watch(client: RoomClient): void {
    this.disposers.push(
      client.on('mediaReset', () => {
        this.mediaResetAt = Date.now();
        this.lastSample = null; // the next producer's counters start again
        this.patch({ mediaReset: true });
      }),
      client.on('error', (e) => this.patch({ error: e.message })),
    );
  }

  private startHealth(): void {
    this.stopHealth();
    this.lastSample = null;
    this.healthTimer = setInterval(() => void this.pollHealth(), HEALTH_POLL_MS);
  }

  private stopHealth(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = null;
  }

  private async pollHealth(): Promise<void> {
    const report = await this.client?.producerStats('video').catch(() => null);
    const sample = report ? senderSample(report) : null;
    if (!sample) return;
    if (this.lastSample && sample.timestamp > this.lastSample.timestamp) {
      // The notice goes once the stream is healthy again and the host has had time to read it.
      const noticeDue = Date.now() - this.mediaResetAt < MEDIA_RESET_NOTICE_MS;
      this.patch({
        health: streamHealth(this.lastSample, sample),
        ...(noticeDue ? {} : { mediaReset: false }),
      });
    }
    this.lastSample = sample;
  }

  /** Lets the devices and the compositor go; the room and its connection are the room session's. */
  close(): void {
    this.stopHealth();
    this.disposers.forEach((d) => d());
    this.disposers = [];
    this.compositorInstance?.close();
    this.compositorInstance = null;
    this.camera?.stop();
    this.microphone?.stop();
    this.camera = null;
    this.microphone = null;
  }
}
