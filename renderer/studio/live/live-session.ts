// The host's live session: camera and microphone, the AR compositor between the camera and the stream, the
// RoomClient, and health polling. It writes plain numbers and flags into the studio store; the UI reads them
// from there. The video that is previewed and sent is always the compositor's track: try-on, hiding the
// overlay and switching cameras change what it draws, never the producer's track.
import i18next from 'i18next';
import { ArCompositor } from '../../ar/compositor';
import { useTryOnStore } from '../../ar/try-on-store';
import { streamHealth, type SenderSample } from '../../../core/media/stream-health';
import { StudioError } from '../../../core/protocol/result';
import type { DanmakuFeed } from '../../danmaku/danmaku-feed';
import { listDevices, openCamera, openMicrophone, type OpenedSource } from '../../media/media-devices';
import { RoomClient } from '../../media/room-client';
import { senderSample } from '../../media/webrtc-stats';
import { useStudioStore, type LiveState } from '../../stores/studio-store';
import { attachCaptionFeed } from '../captions/caption-feed';
import { attachRoomFeed } from '../room/room-feed';

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
  private client: RoomClient | null = null;
  private camera: OpenedSource | null = null;
  private compositorInstance: ArCompositor | null = null;
  private readonly compositorListeners = new Set<(compositor: ArCompositor) => void>();
  private microphone: OpenedSource | null = null;
  private readonly preview = new MediaStream();
  private healthTimer: ReturnType<typeof setInterval> | null = null;
  private lastSample: SenderSample | null = null;
  private mediaResetAt = 0;
  private disposers: (() => void)[] = [];
  private roomReady: Promise<void> | null = null;
  private readonly microphoneListeners = new Set<(track: MediaStreamTrack) => void>();
  /** Device changes run one at a time, in the order asked, so the last choice wins. */
  private deviceQueue: Promise<unknown> = Promise.resolve();

  /** `danmaku`: where the room's live comments fly over the preview. */
  constructor(private readonly danmaku: DanmakuFeed) {}

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
    } else {
      const compositor = new ArCompositor(next.track, {
        onError: (e) => useTryOnStore.getState().patchTryOn({ status: 'error', error: e.message }),
      });
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

  /** The host's room, created on first need (going live, or adding a product before that). */
  async ensureRoom(
    serverUrl: string,
    hostToken: string | null,
    title: string,
    hostLanguage: string,
  ): Promise<RoomClient> {
    const client = this.ensureClient(serverUrl, hostToken);
    // Every caller while the room is being created waits for that one creation: one room, one feed.
    const ready = (this.roomReady ??= (async () => {
      const { room, viewerToken } = await client.createRoom(title, hostLanguage);
      const query = new URLSearchParams({ room: room.id, t: viewerToken });
      this.patch({ roomId: room.id, viewerUrl: `${serverUrl}/viewer?${query}` });
      this.disposers.push(attachRoomFeed(client, room.id, this.danmaku), attachCaptionFeed(client, room.id));
    })());
    try {
      await ready;
    } catch (error) {
      // Only the failed creation is forgotten (not one a later call has started since), so the next try
      // creates the room again.
      if (this.roomReady === ready) this.roomReady = null;
      throw error;
    }
    return client;
  }

  /** The room's client once a room exists, for the room panels' requests. */
  get roomClient(): RoomClient | null {
    return this.client?.currentRoomId ? this.client : null;
  }

  async goLive(
    serverUrl: string,
    hostToken: string | null,
    title: string,
    hostLanguage: string,
  ): Promise<void> {
    if (!this.camera || !this.microphone || !this.compositorInstance) await this.startPreview();
    this.patch({ phase: 'starting', error: null, mediaReset: false });
    try {
      const client = await this.ensureRoom(serverUrl, hostToken, title, hostLanguage);
      await client.goLive([this.compositorInstance!.track, this.microphone!.track]);
      this.patch({ phase: 'live' });
      this.startHealth();
    } catch (error) {
      this.patch({ phase: 'preview', error: message(error) });
    }
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

  private ensureClient(serverUrl: string, hostToken: string | null): RoomClient {
    if (this.client) return this.client;
    if (!hostToken) throw new Error(i18next.t('studio:live.noHostToken'));
    const client = new RoomClient({ serverUrl, role: 'host', token: hostToken });
    this.disposers.push(
      client.on('mediaReset', () => {
        this.mediaResetAt = Date.now();
        this.lastSample = null; // the next producer's counters start again
        this.patch({ mediaReset: true });
      }),
      client.on('error', (e) => this.patch({ error: e.message })),
    );
    this.client = client;
    return client;
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

  close(): void {
    this.stopHealth();
    this.disposers.forEach((d) => d());
    this.disposers = [];
    this.client?.close();
    this.client = null;
    // The room belonged to that client: a later ensureRoom creates a new one with the new client.
    this.roomReady = null;
    this.compositorInstance?.close();
    this.compositorInstance = null;
    this.camera?.stop();
    this.microphone?.stop();
    this.camera = null;
    this.microphone = null;
  }
}
