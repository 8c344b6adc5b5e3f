// The SDP file FFmpeg reads to receive a recording's RTP: one m-line per kind, on the loopback ports that
// mediasoup's PlainTransport sends to (RTP on an even port, RTCP on the next one, as FFmpeg expects), with
// the payload types the recording consumers were given. Only what WebM can hold is written: VP8 and Opus.
import { StudioError } from '../../core/protocol/result';

export interface SdpStream {
  kind: 'video' | 'audio';
  /** The RTP port FFmpeg listens on; RTCP arrives on port + 1. */
  port: number;
  payloadType: number;
  /** e.g. 'video/VP8', 'audio/opus' (as mediasoup names it). */
  mimeType: string;
  clockRate: number;
  channels?: number;
}

/** Codecs a WebM file can hold, by mediasoup's lower-cased mime type. */
export const WEBM_CODECS: Record<string, 'video' | 'audio'> = { 'video/vp8': 'video', 'audio/opus': 'audio' };

/**
 * `keepalivePort`: a last, unrecorded PCMU stream the backend feeds a packet now and then. FFmpeg only looks
 * at a stop request between packets, so without it an FFmpeg whose media stopped (the stream ended, the
 * producers closed) would wait in its read and never finish the file.
 */
export function recordingSdp(
  streams: readonly SdpStream[],
  keepalivePort?: number,
  address = '127.0.0.1',
): string {
  if (streams.length === 0)
    throw new StudioError('invalid_argument', 'A recording needs at least one stream');
  const kinds = new Set<string>();
  const lines = [
    'v=0',
    `o=- 0 0 IN IP4 ${address}`,
    's=LiveBridge recording',
    `c=IN IP4 ${address}`,
    't=0 0',
  ];
  for (const s of streams) {
    const mime = s.mimeType.toLowerCase();
    if (WEBM_CODECS[mime] !== s.kind)
      throw new StudioError('invalid_argument', `${s.mimeType} cannot be recorded as ${s.kind} in WebM`);
    if (kinds.has(s.kind))
      throw new StudioError('invalid_argument', `Two ${s.kind} streams in one recording`);
    kinds.add(s.kind);
    if (!Number.isInteger(s.port) || s.port < 1024 || s.port > 65534 || s.port % 2 !== 0)
      throw new StudioError('invalid_argument', `RTP port ${s.port} must be even, 1024-65534`);
    if (!Number.isInteger(s.payloadType) || s.payloadType < 0 || s.payloadType > 127)
      throw new StudioError('invalid_argument', `Payload type ${s.payloadType} is out of range`);
    const codec = mime.split('/')[1] === 'vp8' ? 'VP8' : 'opus';
    const channels = s.kind === 'audio' ? `/${s.channels ?? 2}` : '';
    lines.push(
      `m=${s.kind} ${s.port} RTP/AVP ${s.payloadType}`,
      `a=rtcp:${s.port + 1}`,
      `a=rtpmap:${s.payloadType} ${codec}/${s.clockRate}${channels}`,
      'a=recvonly',
    );
  }
  if (keepalivePort !== undefined) {
    if (
      !Number.isInteger(keepalivePort) ||
      keepalivePort < 1024 ||
      keepalivePort > 65534 ||
      keepalivePort % 2
    )
      throw new StudioError('invalid_argument', `RTP port ${keepalivePort} must be even, 1024-65534`);
    lines.push(
      `m=audio ${keepalivePort} RTP/AVP 0`,
      `a=rtcp:${keepalivePort + 1}`,
      'a=rtpmap:0 PCMU/8000',
      'a=recvonly',
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
