// The studio host: the Node services behind window.studio. It has no Electron import, so the same host
// runs inside Electron's main process and, in browser mode, inside the `npm start` process. Its services say
// when their state changes and the host pushes it (onEvent): the studio never polls the host.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { opsDashboardUrl, replayUrl } from '../core/protocol/ops-link';
import { fail, ok, parseInput, StudioError, toProtocolError, type Result } from '../core/protocol/result';
import type { z } from 'zod';
import type { AnalyticsMarkSchema } from '../core/protocol/room-events';
import {
  isStudioMethod,
  studioMethods,
  type AppInfo,
  type MethodArgs,
  type MethodResult,
  type StudioMethod,
} from '../core/protocol/studio-api';
import { CaptionsService } from './captions/captions-service';
import { NO_DESKTOP_SHELL, type DesktopShell } from './desktop-shell';
import { LiveMarker } from './live-marker';
import { createLogger, type Logger } from './log';
import { DestinationsFile } from './multistream/destinations-file';
import { MultistreamLink } from './multistream/multistream-link';
import { HostOutbox } from './outbox/host-outbox';
import { CaptionKeysFile } from './settings/caption-keys';
import { SettingsStore } from './settings/settings-store';
import { StudioEventHub, type StudioEventListener } from './studio-events';
import { BackendLink } from './sync/backend-link';
import { APP_NAME } from './user-data';

export interface StudioHostOptions {
  mode: AppInfo['mode'];
  serverUrl: string;
  userDataDir: string;
  version: string;
  /** Signed host token for the backend (minted by the embedded backend, or given for a remote one). */
  hostToken?: string | null;
  /** Signed ops token for the same backend (the embedded backend issues one), for the studio's dashboard link. */
  opsToken?: string | null;
  logger?: Logger;
  /** A read-only folder of models (LIVEBRIDGE_MODELS). */
  localModelsDir?: string;
  /** The model hub; tests point it at a local server. */
  modelHubUrl?: string;
  /** The desktop app's updates and live-state listeners (default: none, as in browser mode). */
  shell?: DesktopShell;
}

/**
 * The fastest each event is pushed. Captions and models change many times a second while someone speaks
 * or a model downloads, and reading them looks at the model folders: twice a second is what the studio
 * used to poll, now only while something changes (the live lines also reach the studio over the room).
 */
const PUSH_INTERVAL_MS = {
  'backend.status': 250,
  'outbox.status': 100,
  'captions.status': 500,
  'models.status': 500,
  'updates.status': 250,
} as const;

type Handlers = {
  [M in StudioMethod]: (...args: MethodArgs<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

export class StudioHost {
  readonly log: Logger;
  private readonly settings: SettingsStore;
  private readonly backend: BackendLink;
  readonly outbox: HostOutbox;
  readonly captions: CaptionsService;
  private readonly destinations: DestinationsFile;
  private readonly multistream: MultistreamLink;
  private readonly handlers: Handlers;
  private readonly events: StudioEventHub;
  private readonly liveMarker: LiveMarker;
  private readonly disposers: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: StudioHostOptions) {
    this.log = options.logger ?? createLogger('studio-host');
    mkdirSync(options.userDataDir, { recursive: true });
    this.settings = new SettingsStore(options.userDataDir, this.log);
    this.backend = new BackendLink(options.serverUrl, options.hostToken ?? null, this.log);
    this.outbox = new HostOutbox(
      path.join(options.userDataDir, 'outbox.sqlite'),
      this.backend.socket,
      this.log,
    );
    this.captions = new CaptionsService({
      userDataDir: options.userDataDir,
      settings: this.settings,
      keys: new CaptionKeysFile(options.userDataDir, this.log),
      backend: this.backend,
      log: this.log,
      localModelsDir: options.localModelsDir ?? process.env.LIVEBRIDGE_MODELS,
      hubUrl: options.modelHubUrl ?? process.env.LIVEBRIDGE_MODEL_HUB,
    });
    this.destinations = new DestinationsFile(options.userDataDir, this.log);
    this.multistream = new MultistreamLink(this.backend, this.destinations, this.log);
    this.events = new StudioEventHub(this.log);
    this.liveMarker = new LiveMarker(options.userDataDir, this.log);
    const shell = options.shell ?? NO_DESKTOP_SHELL;
    const updatesChanged = this.events.source(
      'updates.status',
      () => shell.updateStatus(),
      PUSH_INTERVAL_MS['updates.status'],
    );
    const backendChanged = this.events.source(
      'backend.status',
      () => this.backend.snapshot(),
      PUSH_INTERVAL_MS['backend.status'],
    );
    const outboxChanged = this.events.source(
      'outbox.status',
      () => this.outbox.status(),
      PUSH_INTERVAL_MS['outbox.status'],
    );
    const captionsChanged = this.events.source(
      'captions.status',
      () => this.captions.getStatus(),
      PUSH_INTERVAL_MS['captions.status'],
    );
    const modelsChanged = this.events.source(
      'models.status',
      () => this.captions.modelStatuses(),
      PUSH_INTERVAL_MS['models.status'],
    );
    this.disposers.push(
      this.backend.onChange(backendChanged),
      this.outbox.onChange(outboxChanged),
      this.captions.onChange((change) => (change === 'models' ? modelsChanged() : captionsChanged())),
      shell.onUpdateStatus(updatesChanged),
    );
    this.handlers = {
      'app.getInfo': () => ({
        name: APP_NAME,
        version: options.version,
        mode: options.mode,
        platform: `${os.platform()}-${os.arch()}`,
        serverUrl: options.serverUrl,
        hostToken: options.hostToken ?? null,
      }),
      'settings.get': () => this.settings.get(),
      'settings.setLanguage': (language) => this.settings.update({ language }),
      'settings.set': (patch) => this.settings.update(patch),
      'backend.getStatus': () => this.backend.status(),
      'outbox.getStatus': () => this.outbox.status(),
      'outbox.whenSent': ({ id, timeoutMs }) => this.outbox.whenSent(id, timeoutMs),
      // The host key travels with the mark: the backend stores marks only for a room this studio hosts.
      'analytics.mark': ({ roomId, hostKey, label }) => ({
        id: this.outbox.enqueue({
          roomId,
          type: 'analytics.mark',
          payload: { hostKey, label, at: Date.now() } satisfies z.infer<typeof AnalyticsMarkSchema>,
        }),
      }),
      'room.hostAction': (action) => ({
        id: this.outbox.enqueue({ roomId: action.roomId, type: action.action, payload: action }),
      }),
      'captions.getStatus': () => this.captions.getStatus(),
      'captions.getSettings': () => this.captions.getSettings(),
      'captions.setSettings': (patch) => this.captions.setSettings(patch),
      'captions.start': (input) => this.captions.start(input),
      'captions.stop': () => this.captions.stop(),
      'captions.pushAudio': ({ pcm }) => ({ accepted: this.captions.pushAudio(pcm) }),
      'models.download': ({ id }) => this.captions.download(id),
      'translate.comments': (request) => this.captions.translateComments(request),
      'multistream.list': () => this.destinations.list(),
      'multistream.save': (input) => this.destinations.save(input),
      'multistream.remove': ({ id }) => {
        this.destinations.remove(id);
        return true as const;
      },
      'multistream.start': (room) => this.multistream.start(room),
      'multistream.stop': ({ roomId }) => this.multistream.stop(roomId),
      'ops.dashboardLink': () => ({
        url: options.opsToken ? opsDashboardUrl(options.serverUrl, options.opsToken) : null,
      }),
      'replay.link': () => ({
        url: options.hostToken ? replayUrl(options.serverUrl, options.hostToken) : null,
      }),
      'updates.getStatus': () => shell.updateStatus(),
      'updates.restart': () => shell.restartToUpdate(),
      'live.report': (report) => {
        this.liveMarker.report(report);
        shell.liveChanged(report);
        return true as const;
      },
      'live.resumable': () => this.liveMarker.resumable(),
    };
  }

  /**
   * The single entry point for both bridges. Method and arguments come from a renderer and are untrusted:
   * both are validated here and every failure comes back as a typed error, never as a throw.
   */
  async invoke(method: unknown, args: unknown): Promise<Result<unknown>> {
    if (this.closed) return fail('unavailable', 'The studio host is shutting down');
    if (!isStudioMethod(method)) {
      return fail('unknown_method', `Unknown studio method: ${String(method).slice(0, 80)}`);
    }
    try {
      const parsed = parseInput(studioMethods[method].args, args, `arguments for ${method}`);
      const handler = this.handlers[method] as (...a: unknown[]) => unknown;
      return ok(await handler(...(parsed as unknown[])));
    } catch (error) {
      if (!(error instanceof StudioError)) this.log.error({ method, err: error }, 'studio method failed');
      return { ok: false, error: toProtocolError(error) };
    }
  }

  /**
   * Calls `listener` with every pushed event (studioEvents) from now on; returns a disposer. The bridges
   * forward them: Electron's IPC to our window, browser mode over each signed-in socket.
   */
  onEvent(listener: StudioEventListener): () => void {
    return this.events.on(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.events.close();
    void this.captions.close();
    this.outbox.close();
    this.backend.close();
  }
}
