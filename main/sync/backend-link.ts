// The host's socket.io connection to the backend (embedded or remote). It reconnects by itself and keeps a
// status the studio shows: connected or not, round-trip latency, the last error in words. It says when that
// status changes (the studio is pushed it); while connected it measures the latency every few seconds,
// since a round trip can only be known by making one. Server events are listened to with `on`, which
// checks each payload against its schema first.
import { io, type Socket } from 'socket.io-client';
import {
  ServerEventHub,
  type ServerEvent,
  type ServerEventPayload,
  type ServerEventSource,
} from '../../core/protocol/server-events';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/socket-events';
import type { BackendStatus } from '../../core/protocol/studio-api';
import type { Logger } from '../log';

/** How often the latency is measured while connected (the studio's figure is this fresh). */
const LATENCY_SAMPLE_MS = 2000;

/** Malformed events are logged at warn the first time per event type, then every this many. */
const WARN_EVERY = 100;

export class BackendLink {
  /** For requests and connection events; server events go through `on`. */
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly events: ServerEventHub;
  private latencyMs: number | null = null;
  private lastError: string | null = null;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  private sampler: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly url: string,
    hostToken: string | null,
    private readonly log: Logger,
  ) {
    this.socket = io(url, {
      auth: { token: hostToken ?? '', clientName: 'studio-host' },
      reconnectionDelayMax: 5000,
      transports: ['websocket'],
    });
    this.events = new ServerEventHub(this.socket as unknown as ServerEventSource, {
      invalid: (error, count) => {
        const entry = { url, event: error.event, issues: error.issues, dropped: count };
        if (count === 1 || count % WARN_EVERY === 0) this.log.warn(entry, error.message);
        else this.log.debug(entry, error.message);
      },
      handlerFailed: (event, err) => this.log.error({ url, event, err }, 'server event handler failed'),
    });
    this.socket.on('connect', () => {
      this.lastError = null;
      this.changed();
      void this.ping();
      this.sampler ??= setInterval(() => void this.ping(), LATENCY_SAMPLE_MS);
    });
    this.socket.on('connect_error', (err) => {
      this.lastError = err.message;
      this.log.debug({ url, err: err.message }, 'backend connect error');
      this.changed();
    });
    this.socket.on('disconnect', (reason) => {
      this.latencyMs = null;
      if (reason !== 'io client disconnect') this.lastError = reason;
      this.stopSampling();
      this.changed();
    });
  }

  /** Called whenever the status may have changed; returns a disposer. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private stopSampling(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
  }

  /** Calls `handler` with every valid `event` from the backend (malformed ones are dropped); a disposer. */
  on<E extends ServerEvent>(event: E, handler: (payload: ServerEventPayload<E>) => void): () => void {
    return this.events.on(event, handler);
  }

  /** How many server events (of one type, or all) were dropped as malformed. */
  droppedServerEvents(event?: ServerEvent): number {
    return this.events.droppedCount(event);
  }

  /** Measures round-trip latency; resolves null when the backend does not answer within the timeout. */
  async ping(timeoutMs = 2000): Promise<number | null> {
    if (!this.socket.connected) return null;
    const started = performance.now();
    try {
      const result = await this.socket.timeout(timeoutMs).emitWithAck('server:ping', {});
      if (!result.ok) return null;
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      if (latencyMs !== this.latencyMs) {
        this.latencyMs = latencyMs;
        this.changed();
      }
      return this.latencyMs;
    } catch {
      return null;
    }
  }

  async status(): Promise<BackendStatus> {
    if (this.socket.connected) await this.ping();
    return this.snapshot();
  }

  /** The status as last measured, without a new round trip. */
  snapshot(): BackendStatus {
    return {
      url: this.url,
      state: this.socket.connected ? 'connected' : this.socket.active ? 'connecting' : 'disconnected',
      latencyMs: this.socket.connected ? this.latencyMs : null,
      lastError: this.lastError,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopSampling();
    this.listeners.clear();
    this.socket.disconnect();
  }
}
