// RoomClient: one room's session with the backend: the signalling socket, the room it joined or created,
// and its media (RoomMedia: Device, transports, producers, consumers). Live objects stay in services;
// stores only see ids, flags and numbers. Server events reach handlers only through `onServer`, checked
// against their schemas. Setup and teardown run one at a time through `serial`; close() is safe twice.
import { io, type Socket } from 'socket.io-client';
import { unwrap, type Result } from '../../core/protocol/result';
import type { ServerEvent, ServerEventHub, ServerEventPayload } from '../../core/protocol/server-events';
import type {
  ClientToServerEvents,
  CreatedRoom,
  HandshakeAuth,
  Room,
  RoomSnapshot,
  RoomStateEvent,
  ServerToClientEvents,
  ViewerSession,
} from '../../core/protocol/socket-events';
import { retrying } from './recover-retry';
import { RoomMedia, type EventInput, type EventName, type EventValue, type MediaKind } from './room-media';
import { createServerEventRouter } from './server-event-router';

export { SIMULCAST_ENCODINGS } from './room-media';

/**
 * The socket as others may use it: requests and connection events. It has no typed server events on
 * purpose: those are listened to with `onServer`, which checks every payload first.
 */
export type RoomSocket = Socket<Record<never, never>, ClientToServerEvents>;

export interface RoomClientListeners {
  /** The room's status or host presence changed. */
  state: (state: RoomStateEvent) => void;
  /** A remote track to show (viewers). */
  track: (track: MediaStreamTrack, kind: 'audio' | 'video') => void;
  trackEnded: (kind: 'audio' | 'video') => void;
  /** The signalling connection went up or down. */
  connection: (connected: boolean) => void;
  /** The server restarted this room's media; the client recovers on its own. */
  mediaReset: (reason: string) => void;
  /** The room was joined again after a reconnect or media reset: per-connection state (such as the
   * caption subscription) must be sent again. */
  rejoined: (roomId: string) => void;
  /** The backend issued (or renewed) this viewer's identity; it is presented from the next connection on. */
  session: (session: ViewerSession) => void;
  error: (error: Error) => void;
}

const ACK_TIMEOUT_MS = 10_000;

export interface RoomClientOptions {
  serverUrl: string;
  role: 'host' | 'viewer';
  /** The signed token that grants the role: the host token, a viewer's issued identity, or the link's token. */
  token: string;
  /** The name others see; only a display name (who a viewer is, the backend says). */
  clientName?: string;
  /** A viewer's kinds of media to receive (default both; data saver: audio only). */
  receive?: readonly MediaKind[];
}

export class RoomClient {
  readonly socket: RoomSocket;
  private readonly events: ServerEventHub;
  private readonly media: RoomMedia;
  private readonly listeners: { [K in keyof RoomClientListeners]: Set<RoomClientListeners[K]> } = {
    state: new Set(),
    track: new Set(),
    trackEnded: new Set(),
    connection: new Set(),
    mediaReset: new Set(),
    rejoined: new Set(),
    session: new Set(),
    error: new Set(),
  };
  private serial: Promise<unknown> = Promise.resolve();
  private roomId: string | null = null;
  private hostKey: string | null = null;
  /** The tracks the host is sending, so media can be re-established after a reconnect or reset. */
  private liveTracks: MediaStreamTrack[] = [];
  private closed = false;
  /** What the socket presents on its next (re)connection. */
  private auth: HandshakeAuth;

  constructor(private readonly options: RoomClientOptions) {
    // A viewer without a name yet is named by the backend; the host's connection is the studio's.
    const clientName = options.clientName ?? (options.role === 'host' ? 'studio-host' : undefined);
    this.auth = { token: options.token, ...(clientName ? { clientName } : {}) };
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.serverUrl, {
      auth: this.auth,
      transports: ['websocket'],
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
    });
    this.socket = socket as unknown as RoomSocket;
    this.events = createServerEventRouter(socket);
    this.media = new RoomMedia((event, input) => this.request(event, input), {
      track: (track, kind) => this.emit('track', track, kind),
      trackEnded: (kind) => this.emit('trackEnded', kind),
    });
    let wasConnected = false;
    this.socket.on('connect', () => {
      this.emit('connection', true);
      if (wasConnected && this.roomId)
        void this.queue(() => this.recoverRetrying('reconnect')).catch((e) => this.fail(e));
      wasConnected = true;
    });
    this.socket.on('disconnect', () => this.emit('connection', false));
    // A malformed identity is dropped (and warned about): the current one is kept.
    this.onServer('session:identity', (session) => {
      // Reconnections present the issued identity, not the link token: the same person after a drop.
      this.setAuth({ token: session.token });
      this.emit('session', session);
    });
    this.onServer('room:state', (state) => {
      if (state.room.id === this.roomId) this.emit('state', state);
    });
    this.onServer('sfu:newProducer', (p) => {
      if (p.roomId === this.roomId && this.options.role === 'viewer' && this.receives(p)) {
        void this.queue(() => this.media.consume(p.roomId, p)).catch((e) => this.fail(e));
      }
    });
    this.onServer('sfu:producerClosed', ({ roomId, producerId }) => {
      if (roomId === this.roomId) this.media.producerClosed(producerId);
    });
    this.onServer('media:reset', ({ roomId, reason }) => {
      if (roomId !== this.roomId) return;
      this.emit('mediaReset', reason);
      void this.queue(() => this.recoverRetrying('reset')).catch((e) => this.fail(e));
    });
  }

  /** Calls `handler` with every valid `event` from the backend (malformed ones are dropped); a disposer. */
  onServer<E extends ServerEvent>(event: E, handler: (payload: ServerEventPayload<E>) => void): () => void {
    return this.events.on(event, handler);
  }

  /** How many server events (of one type, or all) were dropped as malformed. */
  droppedServerEvents(event?: ServerEvent): number {
    return this.events.droppedCount(event);
  }

  on<K extends keyof RoomClientListeners>(event: K, listener: RoomClientListeners[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  get isLive(): boolean {
    return this.media.producing;
  }

  /** The token the socket presents on its next connection. */
  get currentToken(): string {
    return this.auth.token;
  }

  /** Changes what the next (re)connection presents; the current connection keeps what it was opened with. */
  setAuth(patch: Partial<HandshakeAuth>): void {
    this.auth = { ...this.auth, ...patch };
    if (this.auth.clientName === undefined) delete this.auth.clientName;
    this.socket.auth = this.auth;
  }

  /**
   * Connects again with `auth` after the backend refused the handshake (socket.io does not retry a refused
   * handshake by itself). Requests made meanwhile are buffered and sent once connected.
   */
  retryWith(auth: Partial<HandshakeAuth> & { token: string }): void {
    if (this.closed) return;
    this.setAuth(auth);
    if (!this.socket.active) this.socket.connect();
  }

  get currentRoomId(): string | null {
    return this.roomId;
  }

  /** The key that proves this studio hosts the current room (host actions in the outbox carry it). */
  get currentHostKey(): string | null {
    return this.hostKey;
  }

  // ---- host ----

  createRoom(title: string, hostLanguage: string): Promise<CreatedRoom> {
    return this.queue(async () => {
      const created = await this.request('room:create', { title, hostLanguage });
      this.roomId = created.room.id;
      this.hostKey = created.hostKey;
      return created;
    });
  }

  /** Sends the tracks to the room and marks it live. */
  goLive(tracks: MediaStreamTrack[]): Promise<Room> {
    return this.queue(async () => {
      const roomId = this.requireRoom();
      this.liveTracks = tracks;
      await this.media.produce(roomId, tracks);
      return this.request('live:start', { roomId });
    });
  }

  /** Swaps the camera or microphone without interrupting the stream. */
  replaceTrack(track: MediaStreamTrack): Promise<void> {
    return this.queue(async () => {
      this.liveTracks = [...this.liveTracks.filter((t) => t.kind !== track.kind), track];
      await this.media.replaceTrack(track);
    });
  }

  setMuted(kind: MediaKind, muted: boolean): void {
    this.media.setMuted(kind, muted);
  }

  endLive(): Promise<Room> {
    return this.queue(async () => {
      const roomId = this.requireRoom();
      this.liveTracks = [];
      this.media.closeProducers();
      const ended = await this.request('live:end', { roomId });
      // The backend releases an ended room's router: going live again starts from a new one.
      this.media.reset();
      return ended;
    });
  }

  producerStats(kind: MediaKind): Promise<RTCStatsReport | null> {
    return this.media.producerStats(kind);
  }

  /** The id of the producer sending `kind` now, or null (not live). */
  producerId(kind: MediaKind): string | null {
    return this.media.producerId(kind);
  }

  // ---- viewer ----

  join(roomId: string): Promise<RoomSnapshot> {
    return this.queue(async () => {
      this.roomId = roomId;
      const snapshot = await this.request('room:join', { roomId });
      for (const p of snapshot.producers) if (this.receives(p)) await this.media.consume(roomId, p);
      return snapshot;
    });
  }

  consumerStats(): Promise<RTCStatsReport[]> {
    return this.media.consumerStats();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.media.close();
    this.socket.disconnect();
    for (const set of Object.values(this.listeners)) set.clear();
  }

  // ---- internals ----

  private receives({ kind }: { kind: MediaKind }): boolean {
    return this.options.receive?.includes(kind) ?? true;
  }

  private queue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.serial.then(task, task);
    this.serial = run.catch(() => undefined);
    return run;
  }

  private emit<K extends keyof RoomClientListeners>(
    event: K,
    ...args: Parameters<RoomClientListeners[K]>
  ): void {
    for (const listener of this.listeners[event]) (listener as (...a: unknown[]) => void)(...args);
  }

  private fail(error: unknown): void {
    this.emit('error', error instanceof Error ? error : new Error(String(error)));
  }

  private requireRoom(): string {
    if (!this.roomId) throw new Error('No room yet');
    return this.roomId;
  }

  /** One typed request to the backend; rejects with a StudioError. */
  async request<E extends EventName>(event: E, input: EventInput<E>): Promise<EventValue<E>> {
    const emit = this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck as unknown as (
      e: E,
      i: EventInput<E>,
    ) => Promise<Result<EventValue<E>>>;
    return unwrap(await emit.call(this.socket.timeout(ACK_TIMEOUT_MS), event, input));
  }

  /** recover(), tried again on a transient failure (recover-retry.ts); only the last failure is shown. */
  private recoverRetrying(why: 'reconnect' | 'reset'): Promise<void> {
    return retrying(() => this.recover(why), { stopped: () => this.closed });
  }

  /**
   * After a reconnect (the server closed our transports) or a media reset (a new router on a new worker),
   * start over: a new Device, new transports, and produce or consume again.
   */
  private async recover(_why: 'reconnect' | 'reset'): Promise<void> {
    const roomId = this.requireRoom();
    const wasProducing = this.media.producing;
    this.media.reset();
    const snapshot = await this.request(
      'room:join',
      this.hostKey ? { roomId, hostKey: this.hostKey } : { roomId },
    );
    this.emit('state', { room: snapshot.room, hostConnected: snapshot.hostConnected });
    this.emit('rejoined', roomId);
    if (this.options.role === 'host') {
      if (wasProducing && this.liveTracks.length > 0) await this.media.produce(roomId, this.liveTracks);
    } else {
      for (const p of snapshot.producers) if (this.receives(p)) await this.media.consume(roomId, p);
    }
  }
}
