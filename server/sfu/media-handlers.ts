// Media signalling: a room's router capabilities, transports, the host's producers, viewers' consumers.
// Only the room's host produces; everything is owned by the socket that created it and capped per person
// (the server-issued subject) and per room. A room's router is released when the room ends or idles, and
// made again on demand (the host going live again).
import { StudioError } from '../../core/protocol/result';
import type { RoomBus } from '../modules/room-bus';
import type { SocketAccess } from '../room/room-context';
import type { Peer } from './room-media';
import type { Sfu } from './sfu';

export interface MediaServices {
  /** The SFU, or why there is none (e.g. the mediasoup worker is not installed). */
  sfu(): Sfu | string;
  bus: RoomBus;
}

export function registerMediaHandlers({ sfu: getSfu, bus }: MediaServices, access: SocketAccess): void {
  const { socket, on } = access;
  const sfu = (): Sfu => {
    const s = getSfu();
    if (typeof s === 'string') throw new StudioError('unavailable', `Live video is unavailable: ${s}`);
    return s;
  };
  const peer = (): Peer => ({ socketId: socket.id, identity: socket.data.identity.sub });
  const openRoom = (roomId: string) => sfu().room(roomId);
  /** The room's media when it exists already: transports and consumers need one made before. */
  const existing = async (roomId: string) => {
    const media = sfu().existingRoom(roomId);
    if (!media) throw new StudioError('not_found', 'This room has no media now');
    return media;
  };

  on('sfu:getRtpCapabilities', async ({ roomId }) => {
    access.joined(roomId);
    return (await openRoom(roomId)).rtpCapabilities;
  });

  on('sfu:createTransport', async ({ roomId, direction }) => {
    access.joined(roomId);
    if (direction === 'send') access.hosting(roomId);
    return (await openRoom(roomId)).createTransport(peer(), direction);
  });

  on('sfu:connectTransport', async ({ roomId, transportId, dtlsParameters }) => {
    access.joined(roomId);
    await (await existing(roomId)).connectTransport(socket.id, transportId, dtlsParameters);
    return true as const;
  });

  on('sfu:produce', async ({ roomId, transportId, kind, rtpParameters }) => {
    access.hosting(roomId);
    const info = await (await existing(roomId)).produce(socket.id, transportId, kind, rtpParameters);
    socket.to(roomId).emit('sfu:newProducer', { roomId, ...info });
    void bus.emit('producer:opened', { roomId, ...info, socketId: socket.id });
    return { producerId: info.producerId };
  });

  on('sfu:consume', async ({ roomId, transportId, producerId, rtpCapabilities }) => {
    access.joined(roomId);
    return (await existing(roomId)).consume(peer(), transportId, producerId, rtpCapabilities);
  });

  on('sfu:resumeConsumer', async ({ roomId, consumerId }) => {
    access.joined(roomId);
    await (await existing(roomId)).resumeConsumer(socket.id, consumerId);
    return true as const;
  });
}
