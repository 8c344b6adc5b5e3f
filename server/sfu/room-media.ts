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
import { CappedCounter, DEFAULT_CAPACITY, type CapacityLimits } from './capacity';
import type { SfuConfig } from './sfu-config';

interface Owned<T> {
  owner: string;
  value: T;
}

/** Who asks: the connection (owner of what it creates) and the person behind it (for the caps). */
export interface Peer {
  socketId: string;
  identity: string;
}

const MAX_TRANSPORTS_PER_PEER = 4;

export class RoomMedia {
  private readonly transports = new Map<string, Owned<ms.WebRtcTransport>>();
  private readonly producers = new Map<string, Owned<ms.Producer>>();
  private readonly consumers = new Map<string, Owned<ms.Consumer>>();
  private readonly plainOf = new Map<string, Owned<ms.PlainTransport>>();
  private readonly transportsOf: CappedCounter;
  private readonly consumersOf: CappedCounter;
  private idleSince = Date.now();
  private closed = false;

  constructor(
    readonly roomId: string,
    readonly router: ms.Router,
    readonly workerIndex: number,
    private readonly config: SfuConfig,
    private readonly events: {
      producerClosed(producerId: string): void;
    },
    private readonly limits: CapacityLimits = DEFAULT_CAPACITY,
  ) {
    this.transportsOf = new CappedCounter(
      limits.transportsPerIdentity,
      (n) => `You already have ${n} media connections in this room: close one first`,
    );
    this.consumersOf = new CappedCounter(
      limits.consumersPerIdentity,
      (n) => `You already receive ${n} streams in this room`,
    );
  }

  /** Transports and consumers held now, for the room and per person (what the caps count). */
  usage(): { transports: number; consumers: number; identities: number } {
    return {
      transports: this.transports.size,
      consumers: this.consumers.size,
      identities: this.transportsOf.size,
    };
  }

  /** How long nobody has held anything in the room (no transport, so no producer or consumer): 0 if used. */
  idleFor(now = Date.now()): number {
    return this.transports.size === 0 ? now - this.idleSince : 0;
  }

  get rtpCapabilities(): MediasoupObject {
    return this.router.rtpCapabilities as unknown as MediasoupObject;
  }

  producerList(): ProducerInfo[] {
    return [...this.producers.values()].map(({ value }) => ({
      producerId: value.id,
      kind: value.kind as MediaKind,
    }));
  }

  /** A producer of the room by id, for a consumer the server itself opens (the recorder). */
  producer(producerId: string): ms.Producer | undefined {
    return this.producers.get(producerId)?.value;
  }

  consumerCount(): number {
    return this.consumers.size;
  }

  async createTransport(
    { socketId: owner, identity }: Peer,
    direction: 'send' | 'recv',
  ): Promise<TransportParams> {
    const mine = [...this.transports.values()].filter((t) => t.owner === owner).length;
    if (mine >= MAX_TRANSPORTS_PER_PEER)
      throw new StudioError('capacity', 'Too many media connections on one connection');
    if (this.transports.size >= this.limits.transportsPerRoom)
      throw new StudioError('capacity', 'This room is full: no more media connections now');
    // The slot is held before the port is: concurrent requests of one person cannot all pass the check.
    const release = this.transportsOf.take(identity);
    let transport: ms.WebRtcTransport;
    try {
      transport = await this.router.createWebRtcTransport({
        listenIps: [{ ip: this.config.listenIp, announcedIp: this.config.announcedAddress }],
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: 1_000_000,
        appData: { owner, direction },
      });
    } catch (error) {
      release();
      throw error;
    }
    this.transports.set(transport.id, { owner, value: transport });
    transport.observer.once('close', () => {
      this.transports.delete(transport.id);
      if (this.transports.size === 0) this.idleSince = Date.now();
      release();
    });
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

  /**
   * A producer fed with plain RTP by a process on this machine (a test source, a local encoder) rather than
   * a browser: owned by `owner` like a host's, listed and consumed alike, closed with `owner`'s media. The
   * source sends RTP to `port` and RTCP to `rtcpPort` on the listen address; its address is learned.
   */
  async producePlain(
    owner: string,
    kind: MediaKind,
    rtpParameters: ms.RtpParameters,
  ): Promise<ProducerInfo & { port: number; rtcpPort: number }> {
    const transport = await this.router.createPlainTransport({
      listenIp: this.config.listenIp,
      rtcpMux: false,
      comedia: true,
    });
    const producer = await transport.produce({ kind, rtpParameters }).catch((error: unknown) => {
      transport.close();
      throw error;
    });
    this.plainOf.set(transport.id, { owner, value: transport });
    transport.observer.once('close', () => this.plainOf.delete(transport.id));
    this.producers.set(producer.id, { owner, value: producer });
    producer.observer.once('close', () => {
      this.producers.delete(producer.id);
      if (!this.closed) this.events.producerClosed(producer.id);
    });
    return {
      producerId: producer.id,
      kind,
      port: transport.tuple.localPort,
      rtcpPort: transport.rtcpTuple!.localPort,
    };
  }

  async consume(
    { socketId: owner, identity }: Peer,
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
    if (this.consumers.size >= this.limits.consumersPerRoom)
      throw new StudioError('capacity', 'This room is full: no more viewers can watch now');
    const release = this.consumersOf.take(identity);
    let consumer: ms.Consumer;
    try {
      // Paused until the client has its track ready, so the first frame it gets is a key frame.
      consumer = await transport.consume({ producerId, rtpCapabilities: caps, paused: true });
    } catch (error) {
      release();
      throw error;
    }
    this.consumers.set(consumer.id, { owner, value: consumer });
    consumer.observer.once('close', () => {
      this.consumers.delete(consumer.id);
      release();
    });
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
    for (const { owner: o, value } of [...this.plainOf.values()]) if (o === owner) value.close();
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
