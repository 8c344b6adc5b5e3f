// Builds window.studio from a transport. Kept free of zod so the sandboxed preload bundle stays small.
import type { UiLanguage } from './languages';
import type { Result } from './result';
import type { HostAction } from './room-events';
import type {
  AppInfo,
  BackendStatus,
  MarkInput,
  OutboxStatus,
  MethodArgs,
  MethodResult,
  StudioMethod,
  StudioSettings,
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
}

export function createStudioApi(invoke: StudioInvoke): StudioApi {
  return {
    app: {
      getInfo: () => invoke('app.getInfo', []),
    },
    settings: {
      get: () => invoke('settings.get', []),
      setLanguage: (language) => invoke('settings.setLanguage', [language]),
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
  };
}
