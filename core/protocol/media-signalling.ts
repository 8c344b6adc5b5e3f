// The media signalling part of the socket contract (socket-events.ts): creating and connecting WebRTC
// transports, producing and consuming, with mediasoup's own parameter objects checked for shape and size
// here and in depth by mediasoup itself. Re-exported by socket-events.ts, which types the events.
import { z } from 'zod';

const RoomIdSchema = z.string().min(1).max(64);

export const MediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof MediaKindSchema>;

const Json = z.record(z.string(), z.unknown());
const RtpParametersSchema = z.looseObject({
  codecs: z.array(Json).min(1).max(16),
  encodings: z.array(Json).max(8).optional(),
  headerExtensions: z.array(Json).max(32).optional(),
  rtcp: Json.optional(),
  mid: z.string().max(32).optional(),
});
const RtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(Json).max(64).optional(),
  headerExtensions: z.array(Json).max(64).optional(),
});
const DtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().max(16), value: z.string().max(256) }))
    .min(1)
    .max(8),
});

export const CreateTransportInputSchema = z.object({
  roomId: RoomIdSchema,
  direction: z.enum(['send', 'recv']),
});
export const ConnectTransportInputSchema = z.object({
  roomId: RoomIdSchema,
  transportId: z.string().max(64),
  dtlsParameters: DtlsParametersSchema,
});
export const ProduceInputSchema = z.object({
  roomId: RoomIdSchema,
  transportId: z.string().max(64),
  kind: MediaKindSchema,
  rtpParameters: RtpParametersSchema,
});
export const ConsumeInputSchema = z.object({
  roomId: RoomIdSchema,
  transportId: z.string().max(64),
  producerId: z.string().max(64),
  rtpCapabilities: RtpCapabilitiesSchema,
});
export const ConsumerRefSchema = z.object({ roomId: RoomIdSchema, consumerId: z.string().max(64) });

/** Opaque mediasoup objects handed to mediasoup-client as they are. */
export type MediasoupObject = Record<string, unknown>;

export interface TransportParams {
  id: string;
  iceParameters: MediasoupObject;
  iceCandidates: MediasoupObject[];
  dtlsParameters: MediasoupObject;
}

export interface ConsumerParams {
  id: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: MediasoupObject;
}
