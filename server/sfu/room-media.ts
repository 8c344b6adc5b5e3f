// One room's media on one router: every peer's transports, the host's producers, the viewers' consumers.
// Ownership is per socket id, so a peer can only touch what it created and leaving closes all of it.
import type { types as ms } from 'mediasoup';
import type {
  ConsumerParams,
  MediaKind,
  MediasoupObject,
  ProducerInfo,
  TransportParams,
} from '../../core/protocol/socket-events';
import { StudioError } from '../../core/protocol/result';
import type { SfuConfig } from './sfu-config';

interface Owned<T> {
  owner: string;
  value: T;
}

const MAX_TRANSPORTS_PER_PEER = 4;

export class RoomMedia {
  private readonly transports = new Map<string, Owned<ms.WebRtcTransport>>();
  private readonly producers = new Map<string, Owned<ms.Producer>>();
  private readonly consumers = new Map<string, Owned<ms.Consumer>>();
  private closed = false;

  constructor(
    readonly roomId: string,
    readonly router: ms.Router,
    readonly workerIndex: number,
    private readonly config: SfuConfig,
    private readonly events: {
      producerClosed(producerId: string): void;
    },
  ) {}

  get rtpCapabilities(): MediasoupObject {
    return this.router.rtpCapabilities as unknown as MediasoupObject;
  }

  producerList(): ProducerInfo[] {
    return [...this.producers.values()].map(({ value }) => ({
      producerId: value.id,
      kind: value.kind as MediaKind,
    }));
  }

  consumerCount(): number {
    return this.consumers.size;
  }

  async createTransport(owner: string, direction: 'send' | 'recv'): Promise<TransportParams> {
    const mine = [...this.transports.values()].filter((t) => t.owner === owner).length;
    if (mine >= MAX_TRANSPORTS_PER_PEER)
      throw new StudioError('rate_limited', 'Too many transports for one peer');
    const transport = await this.router.createWebRtcTransport({
      listenIps: [{ ip: this.config.listenIp, announcedIp: this.config.announcedAddress }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { owner, direction },
    });
    this.transports.set(transport.id, { owner, value: transport });
    transport.observer.once('close', () => this.transports.delete(transport.id));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters as unknown as MediasoupObject,
      iceCandidates: transport.iceCandidates as unknown as MediasoupObject[],
      dtlsParameters: transport.dtlsParameters as unknown as MediasoupObject,
    };
  }

  async connectTransport(owner: string, transportId: string, dtlsParameters: MediasoupObject): Promise<void> {
    await this.ownTransport(owner, transportId).connect({
      dtlsParameters: dtlsParameters as unknown as ms.DtlsParameters,
    });
  }

  async produce(
    owner: string,
    transportId: string,
    kind: MediaKind,
    rtpParameters: MediasoupObject,
  ): Promise<ProducerInfo> {
    const transport = this.ownTransport(owner, transportId);
    if (transport.appData.direction !== 'send')
      throw new StudioError('invalid_argument', 'Not a send transport');
    const producer = await transport.produce({
      kind,
      rtpParameters: rtpParameters as unknown as ms.RtpParameters,
    });
    this.producers.set(producer.id, { owner, value: producer });
    producer.observer.once('close', () => {
      this.producers.delete(producer.id);
      if (!this.closed) this.events.producerClosed(producer.id);
    });
    return { producerId: producer.id, kind };
  }

  async consume(
    owner: string,
    transportId: string,
    producerId: string,
    rtpCapabilities: MediasoupObject,
  ): Promise<ConsumerParams> {
    const transport = this.ownTransport(owner, transportId);
    if (transport.appData.direction !== 'recv')
      throw new StudioError('invalid_argument', 'Not a receive transport');
    if (!this.producers.has(producerId))
      throw new StudioError('not_found', `No producer ${producerId} in this room`);
    const caps = rtpCapabilities as unknown as ms.RtpCapabilities;
    if (!this.router.canConsume({ producerId, rtpCapabilities: caps })) {
      throw new StudioError('invalid_argument', 'This device cannot decode the stream');
    }
    // Paused until the client has its track ready, so the first frame it gets is a key frame.
    const consumer = await transport.consume({ producerId, rtpCapabilities: caps, paused: true });
    this.consumers.set(consumer.id, { owner, value: consumer });
    consumer.observer.once('close', () => this.consumers.delete(consumer.id));
    return {
      id: consumer.id,
      producerId,
      kind: consumer.kind as MediaKind,
      rtpParameters: consumer.rtpParameters as unknown as MediasoupObject,
    };
  }

  async resumeConsumer(owner: string, consumerId: string): Promise<void> {
    const entry = this.consumers.get(consumerId);
    if (!entry || entry.owner !== owner) throw new StudioError('not_found', `No consumer ${consumerId}`);
    await entry.value.resume();
  }

  /** Closes every producer of the room (the host ended the stream). */
  closeProducers(): void {
    for (const { value } of [...this.producers.values()]) value.close();
  }

  /** A peer left: everything it created goes with it. */
  closePeer(owner: string): void {
    for (const { owner: o, value } of [...this.transports.values()]) if (o === owner) value.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.router.closed) this.router.close();
  }

  private ownTransport(owner: string, transportId: string): ms.WebRtcTransport {
    const entry = this.transports.get(transportId);
    if (!entry || entry.owner !== owner) throw new StudioError('not_found', `No transport ${transportId}`);
    return entry.value;
  }
}
