// The studio's live captions: starts and stops the host's captions pipeline (window.studio.captions),
// feeds it the microphone through the PCM AudioWorklet, follows microphone switches, follows the host's
// status as the host pushes it (applyStatus), and runs model downloads and settings changes. Live objects
// (PcmCapture, the sender) stay here; the store gets plain numbers, flags and text. Start, stop and
// microphone switches run one at a time, in order.
import i18next from 'i18next';
import {
  CAPTION_LANGUAGES,
  type CaptionLanguage,
  type CaptionSettingsPatch,
  type CaptionsStatus,
  type ModelStatus,
} from '../../../core/protocol/captions';
import { StudioError } from '../../../core/protocol/result';
import { getStudio } from '../../bridge/studio-bridge';
import { isCaptionLanguage } from '../../captions/caption-languages';
import { AudioChunkSender } from '../../media/audio-chunk-sender';
import { PcmCapture } from '../../media/pcm-capture';
import { useStudioStore, type CaptionsUi } from '../../stores/studio-store';
import type { LiveSession } from '../live/live-session';
import type { RoomSession } from '../room-session';
import { saveStudioPrefs, studioPrefs } from '../studio-prefs';

const message = (e: unknown) => (e instanceof StudioError || e instanceof Error ? e.message : String(e));

export interface CaptionsStartInput {
  targets: CaptionLanguage[];
}

export class CaptionsSession {
  private capture: PcmCapture | null = null;
  private sender: AudioChunkSender | null = null;
  private offMicrophone: (() => void) | null = null;
  private serial: Promise<unknown> = Promise.resolve();
  /** Bumped by every start and stop, so a status asked for before one cannot undo it. */
  private epoch = 0;
  private polling = false;

  constructor(
    private readonly live: LiveSession,
    private readonly room: RoomSession,
  ) {}

  private patch(p: Partial<CaptionsUi>): void {
    useStudioStore.getState().patchCaptions(p);
  }

  private get ui(): CaptionsUi {
    return useStudioStore.getState().captions;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.serial.then(task, task);
    this.serial = run.catch(() => undefined);
    return run;
  }

  get running(): boolean {
    return this.ui.capture === 'on' || this.ui.capture === 'starting';
  }

  setTargets(targets: CaptionLanguage[]): void {
    const clean = CAPTION_LANGUAGES.filter((l) => targets.includes(l));
    saveStudioPrefs({ captionTargets: clean });
    this.patch({ targets: clean });
  }

  /** The targets kept with the host's preferences. */
  loadTargets(): void {
    this.patch({ targets: studioPrefs().captionTargets });
  }

  start(input: CaptionsStartInput): Promise<void> {
    return this.serially(async () => {
      if (this.ui.capture === 'on') return;
      this.epoch++;
      this.patch({ capture: 'starting', error: null });
      let hostStarted = false;
      try {
        if (!this.live.microphoneTrack) await this.live.startPreview();
        // The room session's room (created now if nothing created it before, titled as the Go live form says).
        const { roomId, hostKey } = await this.room.room();
        // A target hidden because it became the spoken language is not a translation.
        const source = this.ui.settings?.sourceLang ?? this.ui.status?.sourceLang;
        const targets = input.targets.filter((l) => isCaptionLanguage(l) && l !== source);
        const started = await getStudio().captions.start({ roomId, hostKey, targets });
        if (!started.ok) {
          // The host pushes its status (an engine that failed says why there).
          this.patch({ capture: 'off', error: started.error.message });
          return;
        }
        hostStarted = true;
        this.patch({ status: started.value });
        this.sender = new AudioChunkSender({
          push: (chunk) => getStudio().captions.pushAudio(chunk),
          onStats: (stats) =>
            this.patch({
              audio: {
                ...this.ui.audio,
                sent: stats.sent,
                dropped: stats.dropped,
                rejected: stats.rejected,
              },
            }),
        });
        this.patch({ audio: { sent: 0, dropped: 0, rejected: 0, contextRate: null } });
        await this.openCapture(this.live.microphoneTrack);
        this.offMicrophone = this.live.onMicrophoneChange((track) => {
          void this.serially(() => this.openCapture(track)).catch((e) => this.patch({ error: message(e) }));
        });
        this.patch({ capture: 'on' });
      } catch (error) {
        await this.teardown();
        if (hostStarted) await getStudio().captions.stop();
        this.patch({ capture: 'off', error: message(error) });
      }
    });
  }

  stop(): Promise<void> {
    return this.serially(async () => {
      if (this.ui.capture === 'off') return;
      this.epoch++;
      this.patch({ capture: 'stopping' });
      await this.teardown();
      const stopped = await getStudio().captions.stop();
      this.patch(
        stopped.ok
          ? { capture: 'off', status: stopped.value }
          : { capture: 'off', error: stopped.error.message },
      );
    });
  }

  toggle(input: CaptionsStartInput): Promise<void> {
    return this.ui.capture === 'off' ? this.start(input) : this.stop();
  }

  /** Asks the host for its status once (skipped while the previous ask is out); pushes do the rest. */
  async refreshStatus(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    const epoch = this.epoch;
    try {
      const r = await getStudio().captions.getStatus();
      if (!r.ok) {
        this.patch({ statusError: r.error.message });
        return;
      }
      if (epoch !== this.epoch) return;
      this.applyStatus(r.value);
    } finally {
      this.polling = false;
    }
  }

  /** The host's captions status, as it pushed it or answered it. */
  applyStatus(status: CaptionsStatus): void {
    this.patch({ status, statusError: null });
    this.followHost(status);
  }

  /** The host's models, pushed on every state change and during downloads. */
  applyModels(models: ModelStatus[]): void {
    const status = this.ui.status;
    if (status) this.patch({ status: { ...status, models } });
  }

  async loadSettings(): Promise<void> {
    const r = await getStudio().captions.getSettings();
    this.patch(r.ok ? { settings: r.value, settingsError: null } : { settingsError: r.error.message });
  }

  async saveSettings(patch: CaptionSettingsPatch): Promise<boolean> {
    const r = await getStudio().captions.setSettings(patch);
    this.patch(r.ok ? { settings: r.value, settingsError: null } : { settingsError: r.error.message });
    return r.ok;
  }

  async download(id: string): Promise<void> {
    const { [id]: _previous, ...others } = this.ui.downloadErrors;
    this.patch({ downloadErrors: others });
    const r = await getStudio().models.download(id);
    const status = this.ui.status;
    if (r.ok && status) this.patch({ status: { ...status, models: r.value } });
    if (!r.ok) this.patch({ downloadErrors: { ...this.ui.downloadErrors, [id]: r.error.message } });
  }

  /** The host stopped on its own (an engine failed, it restarted): stop sending audio too. */
  private followHost(status: CaptionsStatus): void {
    if (this.ui.capture !== 'on' || (status.state !== 'idle' && status.state !== 'error')) return;
    void this.serially(async () => {
      if (this.ui.capture !== 'on') return;
      this.epoch++;
      await this.teardown();
      this.patch({ capture: 'off', error: status.error });
    });
  }

  private async openCapture(track: MediaStreamTrack | null): Promise<void> {
    if (!this.sender) return;
    await this.capture?.close();
    this.capture = null;
    if (!track) throw new Error(i18next.t('studio:captions.noMicrophone'));
    const sender = this.sender;
    this.capture = await PcmCapture.open({ track, onChunk: (samples) => sender.send(samples) });
    this.patch({ audio: { ...this.ui.audio, contextRate: this.capture.info.contextRate } });
  }

  private async teardown(): Promise<void> {
    this.offMicrophone?.();
    this.offMicrophone = null;
    this.sender?.close();
    this.sender = null;
    const capture = this.capture;
    this.capture = null;
    await capture?.close();
  }

  close(): void {
    void this.serially(async () => {
      if (this.ui.capture === 'off') return;
      await this.teardown();
      await getStudio().captions.stop();
      this.patch({ capture: 'off' });
    });
  }
}
