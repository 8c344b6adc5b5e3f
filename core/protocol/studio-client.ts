// Builds window.studio from a transport. Kept free of zod so the sandboxed preload bundle stays small.
import type { UiLanguage } from './languages';
import type { Result } from './result';
import type { HostAction } from './room-events';
import type {
  AudioChunk,
  CaptionSettings,
  CaptionSettingsPatch,
  CaptionsStart,
  CaptionsStatus,
  ModelStatus,
  TranslateRequest,
  Translation,
} from './captions';
import type {
  AppInfo,
  BackendStatus,
  MarkInput,
  OutboxStatus,
  MethodArgs,
  MethodResult,
  StudioMethod,
  StudioSettings,
  StudioSettingsPatch,
} from './studio-api';

export type StudioInvoke = <M extends StudioMethod>(
  method: M,
  args: MethodArgs<M>,
) => Promise<Result<MethodResult<M>>>;

/** One typed method per capability; each resolves to a Result and never rejects across the bridge. */
export interface StudioApi {
  app: {
    getInfo(): Promise<Result<AppInfo>>;
  };
  settings: {
    get(): Promise<Result<StudioSettings>>;
    setLanguage(language: UiLanguage): Promise<Result<StudioSettings>>;
    /** Changes some studio preferences (caption targets, the preview's danmaku); the rest stay. */
    set(patch: StudioSettingsPatch): Promise<Result<StudioSettings>>;
  };
  backend: {
    getStatus(): Promise<Result<BackendStatus>>;
  };
  outbox: {
    getStatus(): Promise<Result<OutboxStatus>>;
  };
  analytics: {
    /** Marks a moment of the stream for replay; queued in the outbox, so it survives going offline. */
    mark(input: MarkInput): Promise<Result<{ id: string }>>;
  };
  room: {
    /** Pins a product or changes its price and stock; queued in the outbox, applied once by the backend. */
    hostAction(action: HostAction): Promise<Result<{ id: string }>>;
  };
  captions: {
    getStatus(): Promise<Result<CaptionsStatus>>;
    getSettings(): Promise<Result<CaptionSettings>>;
    /** Changes engines, model, spoken language or keys; keys are stored by the host and never read back. */
    setSettings(patch: CaptionSettingsPatch): Promise<Result<CaptionSettings>>;
    /** Starts live captions for a room (the host key proves it is ours); audio then comes by pushAudio. */
    start(input: CaptionsStart): Promise<Result<CaptionsStatus>>;
    stop(): Promise<Result<CaptionsStatus>>;
    /** One chunk of 16 kHz mono PCM from the microphone's AudioWorklet. */
    pushAudio(chunk: AudioChunk): Promise<Result<{ accepted: boolean }>>;
  };
  models: {
    /** Downloads a model (progress shows in captions.getStatus().models). */
    download(id: string): Promise<Result<ModelStatus[]>>;
  };
  translate: {
    /** Translates viewer comments into the host's language. */
    comments(request: TranslateRequest): Promise<Result<Translation[]>>;
  };
}

export function createStudioApi(invoke: StudioInvoke): StudioApi {
  return {
    app: {
      getInfo: () => invoke('app.getInfo', []),
    },
    settings: {
      get: () => invoke('settings.get', []),
      setLanguage: (language) => invoke('settings.setLanguage', [language]),
      set: (patch) => invoke('settings.set', [patch]),
    },
    backend: {
      getStatus: () => invoke('backend.getStatus', []),
    },
    outbox: {
      getStatus: () => invoke('outbox.getStatus', []),
    },
    analytics: {
      mark: (input) => invoke('analytics.mark', [input]),
    },
    room: {
      hostAction: (action) => invoke('room.hostAction', [action]),
    },
    captions: {
      getStatus: () => invoke('captions.getStatus', []),
      getSettings: () => invoke('captions.getSettings', []),
      setSettings: (patch) => invoke('captions.setSettings', [patch]),
      start: (input) => invoke('captions.start', [input]),
      stop: () => invoke('captions.stop', []),
      pushAudio: (chunk) => invoke('captions.pushAudio', [chunk]),
    },
    models: {
      download: (id) => invoke('models.download', [{ id }]),
    },
    translate: {
      comments: (request) => invoke('translate.comments', [request]),
    },
  };
}
