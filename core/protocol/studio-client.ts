// Builds window.studio from a transport: `invoke` for the methods, `subscribe` for the events the host
// pushes. Kept free of zod so the sandboxed preload bundle stays small: pushed payloads are validated by
// the renderer (renderer/bridge/studio-events.ts), where the schemas are.
import type { LiveReport, RestartOutcome, ResumableStream, UpdateStatus } from './desktop';
import type { StudioLanguage } from './languages';
import type { Result } from './result';
import type { HostAction, HostActionInput } from './room-events';
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
import type { Destination, DestinationInput, MultistreamStatus } from './multistream';
import type {
  AppInfo,
  BackendStatus,
  EventPayload,
  MarkInput,
  OpsLink,
  OutboxEventState,
  OutboxStatus,
  OutboxWait,
  MethodArgs,
  MethodResult,
  MultistreamGoLive,
  MultistreamStarted,
  StudioEvent,
  StudioMethod,
  StudioSettings,
  StudioSettingsPatch,
} from './studio-api';

export type StudioInvoke = <M extends StudioMethod>(
  method: M,
  args: MethodArgs<M>,
) => Promise<Result<MethodResult<M>>>;

/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/**
 * Calls `listener` with every push of `event` from now on, until the returned disposer is called. The
 * payload is as the host sent it: the renderer validates it before use.
 */
export type StudioSubscribe = <E extends StudioEvent>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
) => Unsubscribe;

/** One typed method per capability; each resolves to a Result and never rejects across the bridge. */
export interface StudioApi {
  app: {
    getInfo(): Promise<Result<AppInfo>>;
  };
  settings: {
    get(): Promise<Result<StudioSettings>>;
    setLanguage(language: StudioLanguage): Promise<Result<StudioSettings>>;
    /** Changes some studio preferences (caption targets, the preview's danmaku); the rest stay. */
    set(patch: StudioSettingsPatch): Promise<Result<StudioSettings>>;
  };
  backend: {
    getStatus(): Promise<Result<BackendStatus>>;
    /** Pushed on every change of the backend link (state, error, a new latency sample). */
    onStatus(listener: (status: BackendStatus) => void): Unsubscribe;
  };
  outbox: {
    getStatus(): Promise<Result<OutboxStatus>>;
    /** Resolves when the event leaves the queue (sent, or refused by a rule), or after `timeoutMs`. */
    whenSent(wait: OutboxWait): Promise<Result<OutboxEventState>>;
    /** Pushed when the queue grows or drains, goes on- or offline, or the backend refuses an event. */
    onStatus(listener: (status: OutboxStatus) => void): Unsubscribe;
  };
  analytics: {
    /** Marks a moment of the stream for replay; queued in the outbox, so it survives going offline. */
    mark(input: MarkInput): Promise<Result<{ id: string }>>;
  };
  room: {
    /**
     * Any change to the host's room (products, pins, prices, stock, refunds, moderation, its title); queued
     * in the outbox, applied once by the backend. Resolves with the event's id once it is on disk.
     */
    hostAction(action: HostActionInput): Promise<Result<{ id: string }>>;
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
    /** Pushed when the captions state, a language's line, the lag or the settings change (a few per second at most). */
    onStatus(listener: (status: CaptionsStatus) => void): Unsubscribe;
  };
  models: {
    /** Downloads a model (its progress is pushed to models.onStatus). */
    download(id: string): Promise<Result<ModelStatus[]>>;
    /** Pushed when a model's state or download progress changes. */
    onStatus(listener: (models: ModelStatus[]) => void): Unsubscribe;
  };
  translate: {
    /** Translates viewer comments into the host's language. */
    comments(request: TranslateRequest): Promise<Result<Translation[]>>;
  };
  multistream: {
    /** The destinations the host keeps; each says whether a stream key is set, never the key. */
    list(): Promise<Result<Destination[]>>;
    /** Adds (no id) or changes a destination; key: a new one, '' forgets it, left out keeps it. */
    save(input: DestinationInput): Promise<Result<Destination>>;
    remove(id: string): Promise<Result<true>>;
    /** Going live: the host sends its destinations that are on, keys included, to the backend for the room. */
    start(input: MultistreamGoLive): Promise<Result<MultistreamStarted>>;
    /** The stream ended: every destination of the room stops. */
    stop(roomId: string): Promise<Result<MultistreamStatus | null>>;
  };
  ops: {
    /** The backend's ops dashboard with an ops token in the link; url null when the studio has no token. */
    dashboardLink(): Promise<Result<OpsLink>>;
  };
  replay: {
    /** The backend's replay page with this studio's host token (its own streams); url null without one. */
    link(): Promise<Result<OpsLink>>;
  };
  updates: {
    getStatus(): Promise<Result<UpdateStatus>>;
    /** "Restart to update": now, or queued until the live stream ends. */
    restart(): Promise<Result<RestartOutcome>>;
    /** Pushed on every step: checking, available, download progress, ready, error. */
    onStatus(listener: (status: UpdateStatus) => void): Unsubscribe;
  };
  live: {
    /** Going live, a new title while live, or the end of the stream. */
    report(report: LiveReport): Promise<Result<true>>;
    /** The stream a crash left live, to offer resuming it; null after a clean end. */
    resumable(): Promise<Result<ResumableStream | null>>;
  };
}

export function createStudioApi(invoke: StudioInvoke, subscribe: StudioSubscribe): StudioApi {
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
      onStatus: (listener) => subscribe('backend.status', listener),
    },
    outbox: {
      getStatus: () => invoke('outbox.getStatus', []),
      whenSent: (wait) => invoke('outbox.whenSent', [wait]),
      onStatus: (listener) => subscribe('outbox.status', listener),
    },
    analytics: {
      mark: (input) => invoke('analytics.mark', [input]),
    },
    room: {
      // Fields with defaults may be left out: the host parses the action with its schema, which fills them.
      hostAction: (action) => invoke('room.hostAction', [action as HostAction]),
    },
    captions: {
      getStatus: () => invoke('captions.getStatus', []),
      getSettings: () => invoke('captions.getSettings', []),
      setSettings: (patch) => invoke('captions.setSettings', [patch]),
      start: (input) => invoke('captions.start', [input]),
      stop: () => invoke('captions.stop', []),
      pushAudio: (chunk) => invoke('captions.pushAudio', [chunk]),
      onStatus: (listener) => subscribe('captions.status', listener),
    },
    models: {
      download: (id) => invoke('models.download', [{ id }]),
      onStatus: (listener) => subscribe('models.status', listener),
    },
    translate: {
      comments: (request) => invoke('translate.comments', [request]),
    },
    multistream: {
      list: () => invoke('multistream.list', []),
      save: (input) => invoke('multistream.save', [input]),
      remove: (id) => invoke('multistream.remove', [{ id }]),
      start: (input) => invoke('multistream.start', [input]),
      stop: (roomId) => invoke('multistream.stop', [{ roomId }]),
    },
    ops: {
      dashboardLink: () => invoke('ops.dashboardLink', []),
    },
    replay: {
      link: () => invoke('replay.link', []),
    },
    updates: {
      getStatus: () => invoke('updates.getStatus', []),
      restart: () => invoke('updates.restart', []),
      onStatus: (listener) => subscribe('updates.status', listener),
    },
    live: {
      report: (report) => invoke('live.report', [report]),
      resumable: () => invoke('live.resumable', []),
    },
  };
}
