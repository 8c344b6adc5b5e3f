// The host's room, owned here alone: its id, host key and title, and the RoomClient (the studio's live
// connection) that created it. The room is created once, at the first need (going live, a product, captions,
// a comment), with the title as typed in the Go live form at that moment; a title typed after that is sent
// to the backend before going live, so the typed title is the room's whichever action came first. Every
// change to the room goes through the studio's outbox (`queue`): on disk first, applied once by the
// backend, shown as pending until it leaves the outbox. Until the studio host's app info (server URL, host
// token) is known, requests wait for it, asking the host again while it does not answer: none is dropped.
import i18next from 'i18next';
import { StudioError } from '../../core/protocol/result';
import type { HostActionDraft, HostActionInput } from '../../core/protocol/room-events';
import type { StudioApi } from '../../core/protocol/studio-client';
import type { AppInfo } from '../../core/protocol/studio-api';
import type { RoomClient, RoomClientOptions } from '../media/room-client';
import { useStudioStore } from '../stores/studio-store';
import { pendingFor } from './room/pending-actions';

/** How long one wait for an outbox event lasts before it is asked again (the bridge times out at 15 s). */
const FOLLOW_WAIT_MS = 10_000;
/** How long going live waits for a new title to reach the backend (it goes live anyway after that). */
const RETITLE_WAIT_MS = 5000;
const INFO_RETRY_MAX_MS = 2000;
const TITLE_MAX = 120;

export interface OpenRoom {
  client: RoomClient;
  roomId: string;
  hostKey: string;
}

export interface RoomSessionDeps {
  studio(): StudioApi;
  connect(options: RoomClientOptions): RoomClient;
  /** Keeps the store in step with the new room; returns disposers. */
  attachFeeds(client: RoomClient, roomId: string): (() => void)[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const store = () => useStudioStore.getState();

export class RoomSession {
  private clientInstance: RoomClient | null = null;
  private open: OpenRoom | null = null;
  private opening: Promise<OpenRoom> | null = null;
  private info: Promise<AppInfo> | null = null;
  /** The title the backend has for the room. */
  private serverTitle: string | null = null;
  private disposers: (() => void)[] = [];
  private readonly clientListeners = new Set<(client: RoomClient) => void>();
  /** Bumped by close(), so waits begun before it end quietly. */
  private generation = 0;

  constructor(private readonly deps: RoomSessionDeps) {}

  /** The title as typed (empty: the default one). */
  get title(): string {
    return store().live.title;
  }

  /** The Go live form's title field writes here. */
  setTitle(title: string): void {
    store().patchLive({ title: title.slice(0, TITLE_MAX) });
  }

  get roomId(): string | null {
    return this.open?.roomId ?? null;
  }

  get hostKey(): string | null {
    return this.open?.hostKey ?? null;
  }

  /** The live connection (null until the first room request). */
  get client(): RoomClient | null {
    return this.clientInstance;
  }

  /** Called with the live connection once it exists (at once if it does); returns a disposer. */
  onClient(listener: (client: RoomClient) => void): () => void {
    this.clientListeners.add(listener);
    if (this.clientInstance) listener(this.clientInstance);
    return () => this.clientListeners.delete(listener);
  }

  /** The studio host's app info, once it answers (asked again while it does not). */
  appInfo(): Promise<AppInfo> {
    const known = store().info;
    if (known) return Promise.resolve(known);
    const loading = (this.info ??= this.loadInfo(this.generation));
    loading.catch(() => {
      if (this.info === loading) this.info = null;
    });
    return loading;
  }

  private async loadInfo(generation: number): Promise<AppInfo> {
    for (let delay = 250; ; delay = Math.min(delay * 2, INFO_RETRY_MAX_MS)) {
      const known = store().info; // the window's own request may have brought it meanwhile
      if (known) return known;
      const r = await this.deps.studio().app.getInfo();
      if (r.ok) {
        store().setInfo(r.value);
        return r.value;
      }
      // A host that is starting or restarting answers later; any other refusal will not change.
      if (generation !== this.generation || (r.error.code !== 'unavailable' && r.error.code !== 'timeout'))
        throw new StudioError(r.error.code, r.error.message);
      await sleep(delay);
    }
  }

  /** The host's room, created at the first call; every caller meanwhile waits for that one creation. */
  room(): Promise<OpenRoom> {
    if (this.open) return Promise.resolve(this.open);
    const opening = (this.opening ??= this.create(this.generation));
    // Only a failed creation is forgotten (not one a later call started since): the next call tries again.
    opening.catch(() => {
      if (this.opening === opening) this.opening = null;
    });
    return opening;
  }

  private async create(generation: number): Promise<OpenRoom> {
    const info = await this.appInfo();
    const client = this.ensureClient(info);
    // Read now, after the waits: what the host typed meanwhile is the room's title.
    const title = this.roomTitle();
    const language = i18next.resolvedLanguage ?? i18next.language ?? 'en';
    const { room, hostKey, viewerToken } = await client.createRoom(title, language);
    if (generation !== this.generation) throw new StudioError('unavailable', 'The studio closed the room');
    this.serverTitle = room.title;
    const open = (this.open = { client, roomId: room.id, hostKey });
    // Known before the store says there is a room, so whatever that shows can use the key at once.
    const query = new URLSearchParams({ room: room.id, t: viewerToken });
    store().patchLive({ roomId: room.id, viewerUrl: `${info.serverUrl}/viewer?${query}` });
    this.disposers.push(...this.deps.attachFeeds(client, room.id));
    return open;
  }

  private ensureClient(info: AppInfo): RoomClient {
    if (this.clientInstance) return this.clientInstance;
    if (!info.hostToken) throw new StudioError('unauthenticated', i18next.t('studio:live.noHostToken'));
    const client = this.deps.connect({ serverUrl: info.serverUrl, role: 'host', token: info.hostToken });
    this.clientInstance = client;
    for (const listener of this.clientListeners) listener(client);
    return client;
  }

  private roomTitle(): string {
    return this.title.trim() || i18next.t('studio:live.roomTitleDefault');
  }

  /**
   * Queues one change to the room (created first if need be) in the studio's outbox; resolves with the
   * event's id once it is on disk. The store shows it as pending until it leaves the outbox.
   */
  async queue(draft: HostActionDraft): Promise<string> {
    const { roomId, hostKey } = await this.room();
    const r = await this.deps.studio().room.hostAction({ ...draft, roomId, hostKey } as HostActionInput);
    if (!r.ok) throw new StudioError(r.error.code, r.error.message, r.error.issues ?? []);
    store().addPending(pendingFor(r.value.id, draft));
    void this.follow(r.value.id, this.generation);
    return r.value.id;
  }

  /** Follows one queued event until it leaves the outbox, however long the backend is away. */
  private async follow(id: string, generation: number): Promise<void> {
    while (generation === this.generation) {
      const r = await this.deps.studio().outbox.whenSent({ id, timeoutMs: FOLLOW_WAIT_MS });
      if (generation !== this.generation) return;
      if (r.ok && r.value.state !== 'queued') {
        store().settlePending(id, r.value.state);
        return;
      }
      if (!r.ok) await sleep(1000); // the studio host is not answering: ask again shortly
    }
  }

  /** The room for going live: created if need be, and named as the Go live form says now. */
  async forLive(): Promise<OpenRoom> {
    const open = await this.room();
    const title = this.roomTitle();
    if (title !== this.serverTitle) {
      const id = await this.queue({ action: 'room.retitle', title });
      this.serverTitle = title;
      // Going live sends the room, title included, to everyone in it: the new title should be there first.
      await this.deps.studio().outbox.whenSent({ id, timeoutMs: RETITLE_WAIT_MS });
    }
    return open;
  }

  /** Marks a moment of the room's stream for replay (through the outbox too). */
  async mark(label: string): Promise<void> {
    if (!this.open) throw new StudioError('not_found', i18next.t('studio:room.markNoRoom'));
    const { roomId, hostKey } = this.open;
    const r = await this.deps.studio().analytics.mark({ roomId, hostKey, label });
    if (!r.ok) throw new StudioError(r.error.code, r.error.message);
  }

  /** Lets the room go: its feeds, its connection; the next request creates a new room. Safe twice. */
  close(): void {
    this.generation++;
    this.disposers.forEach((d) => d());
    this.disposers = [];
    this.clientInstance?.close();
    this.clientInstance = null;
    this.open = null;
    this.opening = null;
    this.info = null;
    this.serverTitle = null;
    store().patchLive({ roomId: null, viewerUrl: null });
  }
}
