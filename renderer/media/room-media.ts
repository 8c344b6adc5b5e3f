// The media half of a room session: the mediasoup-client Device, the send and receive transports, the
// host's producers and a viewer's consumers, kept in Maps. RoomClient owns the signalling and the order of
// things: it calls these one at a time (its `serial` queue) and starts them over after a reset.
import { Device } from 'mediasoup-client';
import type { types as msc } from 'mediasoup-client';
import type {
  ClientEventInput,
  ClientEventValue,
  ClientToServerEvents,
  ProducerInfo,
} from '../../core/protocol/socket-events';

export type EventName = keyof ClientToServerEvents;
export type EventInput<E extends EventName> = ClientEventInput<E>;
export type EventValue<E extends EventName> = ClientEventValue<E>;
/** One acknowledged request to the backend (RoomClient.request). */
export type RoomRequest = <E extends EventName>(event: E, input: EventInput<E>) => Promise<EventValue<E>>;

export type MediaKind = 'audio' | 'video';

/**
 * Simulcast: three VP8 layers, so viewers on weak links get a lower one from the SFU. The ratios hold either
 * way up: 1280x720 gives 320x180 / 640x360 / 1280x720, portrait 720x1280 gives 180x320 / 360x640 / 720x1280
 * (both sides divide evenly, see simulcast-layers.test.ts).
 */
export const SIMULCAST_ENCODINGS: RTCRtpEncodingParameters[] = [
  { rid: 'r0', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
  { rid: 'r1', maxBitrate: 500_000, scaleResolutionDownBy: 2 },
  { rid: 'r2', maxBitrate: 1_200_000, scaleResolutionDownBy: 1 },
];

export interface RoomMediaEvents {
  track(track: MediaStreamTrack, kind: MediaKind): void;
  trackEnded(kind: MediaKind): void;
}

export class RoomMedia {
  private device: Device | null = null;
  private sendTransport: msc.Transport | null = null;
  private recvTransport: msc.Transport | null = null;
  private readonly producers = new Map<MediaKind, msc.Producer>();
  private readonly consumers = new Map<string, msc.Consumer>();

  constructor(
    private readonly request: RoomRequest,
    private readonly events: RoomMediaEvents,
  ) {}

  get producing(): boolean {
    return this.producers.size > 0;
  }

  /** Produces each track that has no producer yet. The tracks stay the caller's (end, reset, reconnect). */
  async produce(roomId: string, tracks: MediaStreamTrack[]): Promise<void> {
    const transport = await this.transport(roomId, 'send');
    for (const track of tracks) {
      const kind = track.kind as MediaKind;
      if (this.producers.has(kind)) continue;
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

  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    await this.producers.get(track.kind as MediaKind)?.replaceTrack({ track });
  }

  setMuted(kind: MediaKind, muted: boolean): void {
    const producer = this.producers.get(kind);
    if (!producer) return;
    if (muted) producer.pause();
    else producer.resume();
  }

  closeProducers(): void {
    for (const producer of this.producers.values()) producer.close();
    this.producers.clear();
  }

  async consume(roomId: string, { producerId, kind }: ProducerInfo): Promise<void> {
    if ([...this.consumers.values()].some((c) => c.producerId === producerId)) return;
    const device = await this.ensureDevice(roomId);
    const transport = await this.transport(roomId, 'recv');
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
    this.events.track(consumer.track, kind);
  }

  /** The producer went away: its consumers close and their tracks end. */
  producerClosed(producerId: string): void {
    for (const consumer of this.consumers.values()) {
      if (consumer.producerId !== producerId) continue;
      consumer.close();
      this.consumers.delete(consumer.id);
      this.events.trackEnded(consumer.kind as MediaKind);
    }
  }

  /**
   * Drops the transports, producers, consumers and the Device: after the room ended, a reconnect (the server
   * closed our transports) or a media reset (a new router on a new worker). Consumed tracks end.
   */
  reset(): void {
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = null;
    this.recvTransport = null;
    this.producers.clear();
    for (const consumer of this.consumers.values()) this.events.trackEnded(consumer.kind as MediaKind);
    this.consumers.clear();
    this.device = null;
  }

  producerId(kind: MediaKind): string | null {
    return this.producers.get(kind)?.id ?? null;
  }

  async producerStats(kind: MediaKind): Promise<RTCStatsReport | null> {
    return (await this.producers.get(kind)?.getStats()) ?? null;
  }

  consumerStats(): Promise<RTCStatsReport[]> {
    return Promise.all([...this.consumers.values()].map((c) => c.getStats()));
  }

  close(): void {
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.producers.clear();
    this.consumers.clear();
  }

  private async ensureDevice(roomId: string): Promise<Device> {
    if (this.device) return this.device;
    const caps = await this.request('sfu:getRtpCapabilities', { roomId });
    const device = new Device();
    await device.load({ routerRtpCapabilities: caps as unknown as msc.RtpCapabilities });
    this.device = device;
    return device;
  }

  private async transport(roomId: string, direction: 'send' | 'recv'): Promise<msc.Transport> {
    const existing = direction === 'send' ? this.sendTransport : this.recvTransport;
    if (existing && !existing.closed) return existing;
    const device = await this.ensureDevice(roomId);
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
}
