// Live captions through the backend: the studio host publishes captions per language (proving the room's
// host key), each viewer gets only the language it subscribed to, the room's staff get every language,
// and the host is told which languages viewers want so it translates only into those.
import { StudioError } from '../../core/protocol/result';
import type { Caption, CaptionDemand } from '../../core/protocol/captions';
import { isHostKey } from '../auth/host-key';
import type { Bind } from '../events';
import type { GatewayServer, GatewaySocket } from '../gateway-types';
import type { Logger } from '../log';
import type { StudioStore } from '../store/store';
import type { CaptionArchive } from './caption-archive';
import { staffChannel } from './room-context';

export const captionChannel = (roomId: string, lang: string) => `cap:${roomId}:${lang}`;
/** Host connections that publish or watch a room's captions: they are told the viewers' demand. */
const demandChannel = (roomId: string) => `capdemand:${roomId}`;

/** How long a verified host key is trusted for publishing without asking the database again. */
const HOST_KEY_TTL_MS = 60_000;

/** Per gateway node: who wants which caption language in which room. */
export class CaptionDemandTracker {
  private readonly rooms = new Map<string, Map<string, Set<string>>>();
  private readonly bySocket = new Map<string, { roomId: string; lang: string }>();

  /** Records a socket's language (null: off); returns true when the room's demand changed. */
  set(socketId: string, roomId: string, lang: string | null): boolean {
    const previous = this.bySocket.get(socketId);
    if (previous && previous.roomId === roomId && previous.lang === lang) return false;
    if (previous) this.remove(socketId);
    if (lang === null) return previous !== undefined;
    let langs = this.rooms.get(roomId);
    if (!langs) this.rooms.set(roomId, (langs = new Map()));
    let sockets = langs.get(lang);
    if (!sockets) langs.set(lang, (sockets = new Set()));
    sockets.add(socketId);
    this.bySocket.set(socketId, { roomId, lang });
    return true;
  }

  /** Forgets a socket; returns the room whose demand changed, if any. */
  remove(socketId: string): string | null {
    const previous = this.bySocket.get(socketId);
    if (!previous) return null;
    this.bySocket.delete(socketId);
    const langs = this.rooms.get(previous.roomId);
    const sockets = langs?.get(previous.lang);
    sockets?.delete(socketId);
    if (sockets && sockets.size === 0) langs?.delete(previous.lang);
    if (langs && langs.size === 0) this.rooms.delete(previous.roomId);
    return previous.roomId;
  }

  demand(roomId: string): CaptionDemand {
    const languages: Record<string, number> = {};
    for (const [lang, sockets] of this.rooms.get(roomId) ?? []) languages[lang] = sockets.size;
    return { roomId, languages };
  }
}

export interface CaptionRelayContext {
  socket: GatewaySocket;
  on: Bind;
  io: GatewayServer;
  repo: StudioStore;
  log: Logger;
  demand: CaptionDemandTracker;
  /** Keeps the final captions for the replay. */
  archive: CaptionArchive;
  joined(roomId: string): void;
  /** After a batch is relayed (the compliance guard reads the host's source captions). */
  published(roomId: string, captions: Caption[]): void;
}

export function registerCaptionHandlers(ctx: CaptionRelayContext): void {
  const { socket, on, io, repo, demand, archive, joined, published } = ctx;
  const verified = new Map<string, number>();
  const tellHost = (roomId: string) =>
    io.to(staffChannel(roomId)).emit('caption:demand', demand.demand(roomId));

  on('caption:publish', async ({ roomId, hostKey, captions }) => {
    if (socket.data.identity.role !== 'host') throw new StudioError('forbidden', 'Only a host may caption');
    const until = verified.get(roomId) ?? 0;
    if (until < Date.now()) {
      if (!(await isHostKey(repo, roomId, hostKey))) throw new StudioError('forbidden', 'Wrong host key');
      verified.set(roomId, Date.now() + HOST_KEY_TTL_MS);
    }
    archive.add(roomId, captions);
    for (const caption of captions) {
      io.to(captionChannel(roomId, caption.lang))
        .to(staffChannel(roomId))
        .emit('caption', { roomId, caption });
    }
    published(roomId, captions);
    return { delivered: captions.length };
  });

  on('caption:subscribe', async ({ roomId, lang }) => {
    joined(roomId);
    for (const room of socket.rooms) {
      if (room.startsWith(`cap:${roomId}:`)) await socket.leave(room);
    }
    if (lang !== null) await socket.join(captionChannel(roomId, lang));
    // A host connection (the studio, or its captions service) sees every language already: it is not
    // viewer demand, it is told the demand instead.
    if (socket.data.identity.role === 'host') {
      await socket.join(demandChannel(roomId));
      socket.emit('caption:demand', demand.demand(roomId));
    } else if (demand.set(socket.id, roomId, lang)) {
      tellHost(roomId);
    }
    return { lang };
  });

  socket.on('disconnect', () => {
    const roomId = demand.remove(socket.id);
    if (roomId) tellHost(roomId);
  });
}
