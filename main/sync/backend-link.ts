// The host's socket.io connection to the backend (embedded or remote). It reconnects by itself and keeps a
// status the studio shows: connected or not, round-trip latency, the last error in words.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/protocol/socket-events';
import type { BackendStatus } from '../../core/protocol/studio-api';
import type { Logger } from '../log';

export class BackendLink {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private latencyMs: number | null = null;
  private lastError: string | null = null;
  private closed = false;

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
    this.socket.on('connect', () => {
      this.lastError = null;
      void this.ping();
    });
    this.socket.on('connect_error', (err) => {
      this.lastError = err.message;
      this.log.debug({ url, err: err.message }, 'backend connect error');
    });
    this.socket.on('disconnect', (reason) => {
      this.latencyMs = null;
      if (reason !== 'io client disconnect') this.lastError = reason;
    });
  }

  /** Measures round-trip latency; resolves null when the backend does not answer within the timeout. */
  async ping(timeoutMs = 2000): Promise<number | null> {
    if (!this.socket.connected) return null;
    const started = performance.now();
    try {
      const result = await this.socket.timeout(timeoutMs).emitWithAck('server:ping', {});
      if (!result.ok) return null;
      this.latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return this.latencyMs;
    } catch {
      return null;
    }
  }

  async status(): Promise<BackendStatus> {
    if (this.socket.connected) await this.ping();
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
    this.socket.disconnect();
  }
}
