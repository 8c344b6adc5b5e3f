// The host's side of multistreaming: when the studio goes live it reads the destinations that are on, with
// their stream keys, and asks the backend over the host's own authenticated socket to push the stream to
// them ('multistream:start'); the keys travel only on that socket, never through the page.
import type { MultistreamStatus } from '../../core/protocol/multistream';
import { StudioError, type Result } from '../../core/protocol/result';
import type { Logger } from '../log';
import type { BackendLink } from '../sync/backend-link';
import type { DestinationsFile } from './destinations-file';

const ACK_TIMEOUT_MS = 10_000;

export interface MultistreamRoom {
  roomId: string;
  hostKey: string;
}

export class MultistreamLink {
  constructor(
    private readonly backend: BackendLink,
    private readonly destinations: DestinationsFile,
    private readonly log: Logger,
  ) {}

  /** Starts every destination that is on; resolves with how many were sent (0: none is on, nothing sent). */
  async start({
    roomId,
    hostKey,
  }: MultistreamRoom): Promise<{ sent: number; status: MultistreamStatus | null }> {
    const destinations = this.destinations.enabledWithKeys();
    if (destinations.length === 0) return { sent: 0, status: null };
    const status = await this.request<MultistreamStatus>('start', () =>
      this.backend.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('multistream:start', { roomId, hostKey, destinations }),
    );
    this.log.info({ roomId, destinations: destinations.length }, 'multistream started');
    return { sent: destinations.length, status };
  }

  /** Stops every destination of the room. */
  async stop(roomId: string): Promise<MultistreamStatus | null> {
    const status = await this.request<MultistreamStatus | null>('stop', () =>
      this.backend.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('multistream:stop', { roomId }),
    );
    this.log.info({ roomId }, 'multistream stopped');
    return status;
  }

  private async request<T>(what: 'start' | 'stop', send: () => Promise<Result<T>>): Promise<T> {
    if (!this.backend.socket.connected) {
      throw new StudioError('unavailable', `The backend is not connected; multistream ${what} was not sent`);
    }
    let result: Result<T>;
    try {
      result = await send();
    } catch {
      throw new StudioError(
        'timeout',
        `The backend did not answer multistream ${what} in ${ACK_TIMEOUT_MS / 1000} s`,
      );
    }
    if (!result.ok) throw new StudioError(result.error.code, result.error.message, result.error.issues ?? []);
    return result.value;
  }
}
