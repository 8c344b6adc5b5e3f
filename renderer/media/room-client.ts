// RoomClient: one room's media session (mediasoup-client Device, transports, producers, consumers) and
// its signalling socket. Live objects stay here, in Maps; stores only see ids, flags and numbers.
// Setup and teardown run one at a time through `serial`, and close() is safe to call twice.
import { Device } from 'mediasoup-client';
import type { types as msc } from 'mediasoup-client';
import { io, type Socket } from 'socket.io-client';
import { unwrap, type Result } from '../../core/protocol/result';
import type {
  ClientToServerEvents,
  CreatedRoom,
  HandshakeAuth,
  ProducerInfo,
  Room,
  RoomSnapshot,
  RoomStateEvent,
  ServerToClientEvents,
  ViewerSession,
} from '../../core/protocol/socket-events';
import { ViewerSessionSchema } from '../shared/viewer-session';

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ClientToServerEvents;
type EventInput<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type EventValue<E extends EventName> = Parameters<ClientToServerEvents[E]>[1] extends (
  r: Result<infer T>,
) => void
  ? T
  : never;

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

/** Simulcast: three VP8 layers, so viewers on weak links get a lower one from the SFU. */
export const SIMULCAST_ENCODINGS: RTCRtpEncodingParameters[] = [
  { rid: 'r0', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
  { rid: 'r1', maxBitrate: 500_000, scaleResolutionDownBy: 2 },
  { rid: 'r2', maxBitrate: 1_200_000, scaleResolutionDownBy: 1 },
];

const ACK_TIMEOUT_MS = 10_000;

export interface RoomClientOptions {
  serverUrl: string;
  role: 'host' | 'viewer';
  /** The signed token that grants the role: the host token, a viewer's issued identity, or the link's token. */
  token: string;
  /** The name others see; only a display name (who a viewer is, the backend says). */
  clientName?: string;
}

export class RoomClient {
  readonly socket: RoomSocket;
  private device: Device | null = null;
  private sendTransport: msc.Transport | null = null;
  private recvTransport: msc.Transport | null = null;
  private readonly producers = new Map<'audio' | 'video', msc.Producer>();
  private readonly consumers = new Map<string, msc.Consumer>();
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
    this.socket = io(options.serverUrl, {
      auth: this.auth,
      transports: ['websocket'],
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
    });
    let wasConnected = false;
    this.socket.on('connect', () => {
      this.emit('connection', true);
      if (wasConnected && this.roomId)
        void this.queue(() => this.recover('reconnect')).catch((e) => this.fail(e));
      wasConnected = true;
    });
    this.socket.on('disconnect', () => this.emit('connection', false));
    this.socket.on('session:identity', (payload) => {
      const parsed = ViewerSessionSchema.safeParse(payload);
      if (!parsed.success) {
        this.fail(new Error('The backend sent a malformed viewer identity; keeping the current one'));
        return;
      }
      // Reconnections present the issued identity, not the link token: the same person after a drop.
      this.setAuth({ token: parsed.data.token });
      this.emit('session', parsed.data);
    });
    this.socket.on('room:state', (state) => {
      if (state.room.id === this.roomId) this.emit('state', state);
    });
    this.socket.on('sfu:newProducer', (p) => {
      if (p.roomId === this.roomId && this.options.role === 'viewer') {
        void this.queue(() => this.consume(p)).catch((e) => this.fail(e));
      }
    });
    this.socket.on('sfu:producerClosed', ({ roomId, producerId }) => {
      if (roomId !== this.roomId) return;
      for (const consumer of this.consumers.values()) {
        if (consumer.producerId !== producerId) continue;
        consumer.close();
        this.consumers.delete(consumer.id);
        this.emit('trackEnded', consumer.kind as 'audio' | 'video');
      }
    });
    this.socket.on('media:reset', ({ roomId, reason }) => {
      if (roomId !== this.roomId) return;
      this.emit('mediaReset', reason);
      void this.queue(() => this.recover('reset')).catch((e) => this.fail(e));
    });
  }

  on<K extends keyof RoomClientListeners>(event: K, listener: RoomClientListeners[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  get isLive(): boolean {
    return this.producers.size > 0;
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
      await this.produceAll();
      return this.request('live:start', { roomId });
    });
  }

  /** Swaps the camera or microphone without interrupting the stream. */
  replaceTrack(track: MediaStreamTrack): Promise<void> {
    return this.queue(async () => {
      const kind = track.kind as 'audio' | 'video';
      this.liveTracks = [...this.liveTracks.filter((t) => t.kind !== kind), track];
      await this.producers.get(kind)?.replaceTrack({ track });
    });
  }

  setMuted(kind: 'audio' | 'video', muted: boolean): void {
    const producer = this.producers.get(kind);
    if (!producer) return;
    if (muted) producer.pause();
    else producer.resume();
  }

  endLive(): Promise<Room> {
    return this.queue(async () => {
      const roomId = this.requireRoom();
      this.liveTracks = [];
      this.closeProducers();
      const ended = await this.request('live:end', { roomId });
      // The backend releases an ended room's router: going live again starts from a new one.
      this.sendTransport?.close();
      this.recvTransport?.close();
      this.sendTransport = null;
      this.recvTransport = null;
      this.device = null;
      return ended;
    });
  }

  async producerStats(kind: 'audio' | 'video'): Promise<RTCStatsReport | null> {
    return (await this.producers.get(kind)?.getStats()) ?? null;
  }

  // ---- viewer ----

  join(roomId: string): Promise<RoomSnapshot> {
    return this.queue(async () => {
      this.roomId = roomId;
      const snapshot = await this.request('room:join', { roomId });
      for (const p of snapshot.producers) await this.consume(p);
      return snapshot;
    });
  }

  async consumerStats(): Promise<RTCStatsReport[]> {
    return Promise.all([...this.consumers.values()].map((c) => c.getStats()));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.producers.clear();
    this.consumers.clear();
    this.socket.disconnect();
    for (const set of Object.values(this.listeners)) set.clear();
  }

  // ---- internals ----

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

  private async ensureDevice(): Promise<Device> {
    if (this.device) return this.device;
    const roomId = this.requireRoom();
    const caps = await this.request('sfu:getRtpCapabilities', { roomId });
    const device = new Device();
    await device.load({ routerRtpCapabilities: caps as unknown as msc.RtpCapabilities });
    this.device = device;
    return device;
  }

  private async transport(direction: 'send' | 'recv'): Promise<msc.Transport> {
    const existing = direction === 'send' ? this.sendTransport : this.recvTransport;
    if (existing && !existing.closed) return existing;
    const roomId = this.requireRoom();
    const device = await this.ensureDevice();
    const params = await this.request('sfu:createTransport', { roomId, direction });
    const options = params as unknown as msc.TransportOptions;
    const transport =
      direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('sfu:connectTransport', {
        roomId,
        transportId: transport.id,
        dtlsParameters: dtlsParameters as unknown as EventInput<'sfu:connectTransport'>['dtlsParameters'],
      }).then(() => callback(), errback);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
        this.request('sfu:produce', {
          roomId,
          transportId: transport.id,
          kind,
          rtpParameters: rtpParameters as unknown as EventInput<'sfu:produce'>['rtpParameters'],
        }).then(({ producerId }) => callback({ id: producerId }), errback);
      });
      this.sendTransport = transport;
    } else {
      this.recvTransport = transport;
    }
    return transport;
  }

  private async produceAll(): Promise<void> {
    const transport = await this.transport('send');
    for (const track of this.liveTracks) {
      const kind = track.kind as 'audio' | 'video';
      if (this.producers.has(kind)) continue;
      // stopTracks: false — the tracks belong to the caller and outlive producers (end, reset, reconnect).
      const producer = await transport.produce(
        kind === 'video'
          ? {
              track,
              stopTracks: false,
              encodings: SIMULCAST_ENCODINGS,
              codecOptions: { videoGoogleStartBitrate: 1000 },
            }
          : { track, stopTracks: false, codecOptions: { opusStereo: false, opusDtx: true, opusFec: true } },
      );
      this.producers.set(kind, producer);
    }
  }

  private closeProducers(): void {
    for (const producer of this.producers.values()) producer.close();
    this.producers.clear();
  }

  private async consume({ producerId, kind }: ProducerInfo): Promise<void> {
    const roomId = this.requireRoom();
    if ([...this.consumers.values()].some((c) => c.producerId === producerId)) return;
    const device = await this.ensureDevice();
    const transport = await this.transport('recv');
    const params = await this.request('sfu:consume', {
      roomId,
      transportId: transport.id,
      producerId,
      rtpCapabilities: device.rtpCapabilities as unknown as EventInput<'sfu:consume'>['rtpCapabilities'],
    });
    const consumer = await transport.consume({
      id: params.id,
      producerId,
      kind,
      rtpParameters: params.rtpParameters as unknown as msc.RtpParameters,
    });
    this.consumers.set(consumer.id, consumer);
    await this.request('sfu:resumeConsumer', { roomId, consumerId: consumer.id });
    this.emit('track', consumer.track, kind);
  }

  /**
   * After a reconnect (the server closed our transports) or a media reset (a new router on a new worker),
   * start over: a new Device, new transports, and produce or consume again.
   */
  private async recover(_why: 'reconnect' | 'reset'): Promise<void> {
    const roomId = this.requireRoom();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = null;
    this.recvTransport = null;
    const wasProducing = this.producers.size > 0;
    this.producers.clear();
    for (const consumer of this.consumers.values())
      this.emit('trackEnded', consumer.kind as 'audio' | 'video');
    this.consumers.clear();
    this.device = null;
    const snapshot = await this.request(
      'room:join',
      this.hostKey ? { roomId, hostKey: this.hostKey } : { roomId },
    );
    this.emit('state', { room: snapshot.room, hostConnected: snapshot.hostConnected });
    this.emit('rejoined', roomId);
    if (this.options.role === 'host') {
      if (wasProducing && this.liveTracks.length > 0) await this.produceAll();
    } else {
      for (const p of snapshot.producers) await this.consume(p);
    }
  }
}
