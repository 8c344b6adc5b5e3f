// The room's media as FFmpeg reads it, shared by the recorder and the multistream encoder: per producer a
// mediasoup PlainTransport and a paused consumer sending RTP to a free local port, VP8 and Opus only (what
// WebM holds, and what the encoder transcodes), RTCP to a sink (FFmpeg lines the streams up by their first
// packets: a sender report would re-base a stream's timestamps), and the SDP streams that describe them.
import type { types as ms } from 'mediasoup';
import type { SdpStream } from './sdp';
import { WEBM_CODECS } from './sdp';

export interface RtpInputs {
  transports: ms.PlainTransport[];
  consumers: ms.Consumer[];
}

/**
 * Consumes each producer the router can send as VP8/Opus; transports and consumers are pushed into `into` as
 * they are made (so a failure halfway leaves them for the caller's cleanup). `onClosed` runs when a consumer
 * closes. Returns the streams for recordingSdp (empty: nothing VP8 or Opus).
 */
export async function consumeAsRtp(
  router: ms.Router,
  producers: readonly ms.Producer[],
  options: {
    into: RtpInputs;
    rtcpSink: number;
    appData: Record<string, unknown>;
    freePort(): Promise<number>;
  },
  onClosed: () => void,
): Promise<SdpStream[]> {
  const rtpCapabilities: ms.RtpCapabilities = {
    codecs: (router.rtpCapabilities.codecs ?? []).filter(
      (c) => WEBM_CODECS[c.mimeType.toLowerCase()] === c.kind,
    ),
    // No header extensions: without transport-wide congestion control the router sends these transports no
    // bandwidth probation packets, which FFmpeg would take for the video stream's (with a sequence gap).
    headerExtensions: [],
  };
  const streams: SdpStream[] = [];
  for (const producer of producers) {
    if (!router.canConsume({ producerId: producer.id, rtpCapabilities })) continue;
    const port = await options.freePort();
    const transport = await router.createPlainTransport({
      listenIp: '127.0.0.1',
      rtcpMux: false,
      comedia: false,
      appData: options.appData,
    });
    options.into.transports.push(transport);
    await transport.connect({ ip: '127.0.0.1', port, rtcpPort: options.rtcpSink });
    const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities, paused: true });
    options.into.consumers.push(consumer);
    consumer.observer.once('close', onClosed);
    const codec = consumer.rtpParameters.codecs[0]!;
    streams.push({
      kind: consumer.kind,
      port,
      payloadType: codec.payloadType,
      mimeType: codec.mimeType,
      clockRate: codec.clockRate,
      ...(codec.channels ? { channels: codec.channels } : {}),
    });
  }
  return streams;
}
