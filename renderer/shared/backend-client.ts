// BackendClient: a page's session with its backend (the page's own origin; the ops dashboard and the replay
// page): one socket.io connection authenticated with the page's token, every server event checked by ServerEventHub before a handler sees it,
// typed requests that reject with a StudioError, and the connection's state for the banner. socket.io
// reconnects by itself; `reconnected` listeners ask again for what this connection had subscribed to.
import { io, type Socket } from 'socket.io-client';
import { StudioError, unwrap, type Result } from '../../core/protocol/result';
import {
  ServerEventHub,
  type ServerEvent,
  type ServerEventPayload,
  type ServerEventSource,
} from '../../core/protocol/server-events';
import type {
  ClientEventInput,
  ClientEventValue,
  ClientToServerEvents,
} from '../../core/protocol/socket-events';

export type BackendConnection = 'connecting' | 'online' | 'offline' | 'refused';

const ACK_TIMEOUT_MS = 10_000;

export interface BackendClientOptions {
  serverUrl: string;
  token: string;
  /** How the backend's logs name this connection (default 'ops-dashboard'). */
  clientName?: string;
  /** Where malformed server events are reported (default: one console warning per event type). */
  onInvalid?: (message: string, count: number) => void;
}

type Listener<T> = (value: T) => void;

export class BackendClient {
  private readonly socket: Socket;
  private readonly hub: ServerEventHub;
  private readonly statusListeners = new Set<Listener<BackendConnection>>();
  private readonly reconnectListeners = new Set<() => void>();
  private state: BackendConnection = 'connecting';
  /** Why the backend refused the handshake, as it said it. */
  refusal: string | null = null;
  private closed = false;

  constructor(options: BackendClientOptions) {
    this.socket = io(options.serverUrl, {
      auth: { token: options.token, clientName: options.clientName ?? 'ops-dashboard' },
      transports: ['websocket'],
      // Its own connection: never a socket.io Manager shared with the room's RoomClient (or a closed one).
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
    });
    this.hub = new ServerEventHub(this.socket as unknown as ServerEventSource, {
      invalid: (error, count) =>
        options.onInvalid
          ? options.onInvalid(error.message, count)
          : count === 1 && console.warn(error.message, error.issues),
      handlerFailed: (event, error) => console.error(`A handler of ${event} failed`, error),
    });
    let wasConnected = false;
    this.socket.on('connect', () => {
      this.refusal = null;
      this.setState('online');
      if (wasConnected) for (const l of [...this.reconnectListeners]) l();
      wasConnected = true;
    });
    this.socket.on('disconnect', () => {
      if (!this.closed) this.setState('offline');
    });
    this.socket.on('connect_error', (err: Error) => {
      // A refused handshake is not retried by socket.io (socket.active is false); a network error is.
      if (!this.socket.active) {
        this.refusal = err.message;
        this.setState('refused');
      } else this.setState(wasConnected ? 'offline' : 'connecting');
    });
  }

  get connection(): BackendConnection {
    return this.state;
  }

  /** Every valid `event` payload from the backend (malformed ones are dropped); returns the disposer. */
  on<E extends ServerEvent>(event: E, handler: (payload: ServerEventPayload<E>) => void): () => void {
    return this.hub.on(event, handler);
  }

  onStatus(listener: Listener<BackendConnection>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** After a reconnection (the backend forgot this connection's subscriptions). */
  onReconnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  droppedEvents(event?: ServerEvent): number {
    return this.hub.droppedCount(event);
  }

  /** One typed request; rejects with a StudioError (`timeout` when no answer came in 10 s). */
  async request<E extends keyof ClientToServerEvents>(
    event: E,
    input: ClientEventInput<E>,
  ): Promise<ClientEventValue<E>> {
    if (this.closed) throw new StudioError('unavailable', 'The connection to the backend is closed');
    if (this.state === 'refused')
      throw new StudioError('unauthenticated', this.refusal ?? 'The backend refused this token');
    const socket = this.socket.timeout(ACK_TIMEOUT_MS);
    let result: Result<ClientEventValue<E>>;
    try {
      result = (await socket.emitWithAck(event as string, input)) as Result<ClientEventValue<E>>;
    } catch {
      throw new StudioError('timeout', `No answer to ${event} from the backend`);
    }
    return unwrap(result);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.disconnect();
    this.statusListeners.clear();
    this.reconnectListeners.clear();
  }

  private setState(next: BackendConnection): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of [...this.statusListeners]) l(next);
  }
}
