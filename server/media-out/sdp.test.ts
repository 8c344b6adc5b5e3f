// The SDP FFmpeg is given for a recording: the consumers' payload types on the ports mediasoup sends to, and
// a clear refusal for anything WebM cannot hold or FFmpeg could not listen on.
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../core/protocol/result';
import { recordingSdp } from './sdp';

describe('recordingSdp', () => {
  it('writes one m-line per kind with its payload type, clock rate and RTCP port', () => {
    const sdp = recordingSdp([
      { kind: 'video', port: 50000, payloadType: 101, mimeType: 'video/VP8', clockRate: 90000 },
      { kind: 'audio', port: 50002, payloadType: 100, mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
    ]);
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=LiveBridge recording',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=video 50000 RTP/AVP 101',
      'a=rtcp:50001',
      'a=rtpmap:101 VP8/90000',
      'a=recvonly',
      'm=audio 50002 RTP/AVP 100',
      'a=rtcp:50003',
      'a=rtpmap:100 opus/48000/2',
      'a=recvonly',
      '',
    ]);
  });

  it('adds the unrecorded keepalive stream last', () => {
    const sdp = recordingSdp(
      [{ kind: 'video', port: 50000, payloadType: 101, mimeType: 'video/VP8', clockRate: 90000 }],
      50010,
    );
    expect(
      sdp.endsWith('m=audio 50010 RTP/AVP 0\r\na=rtcp:50011\r\na=rtpmap:0 PCMU/8000\r\na=recvonly\r\n'),
    ).toBe(true);
    expect(() => recordingSdp([], 50010)).toThrow('at least one stream');
  });

  it('writes an audio-only recording', () => {
    const sdp = recordingSdp([
      { kind: 'audio', port: 40010, payloadType: 111, mimeType: 'audio/opus', clockRate: 48000 },
    ]);
    expect(sdp).toContain('m=audio 40010 RTP/AVP 111\r\n');
    expect(sdp).not.toContain('m=video');
  });

  it.each([
    [[], 'at least one stream'],
    [[{ kind: 'video', port: 50000, payloadType: 102, mimeType: 'video/H264', clockRate: 90000 }], 'H264'],
    [[{ kind: 'audio', port: 50000, payloadType: 100, mimeType: 'video/VP8', clockRate: 90000 }], 'VP8'],
    [[{ kind: 'video', port: 50001, payloadType: 101, mimeType: 'video/VP8', clockRate: 90000 }], 'even'],
    [[{ kind: 'video', port: 50000, payloadType: 200, mimeType: 'video/VP8', clockRate: 90000 }], 'Payload'],
    [
      [
        { kind: 'video', port: 50000, payloadType: 101, mimeType: 'video/VP8', clockRate: 90000 },
        { kind: 'video', port: 50002, payloadType: 101, mimeType: 'video/VP8', clockRate: 90000 },
      ],
      'Two video',
    ],
  ] as const)('refuses %j with a typed error', (streams, message) => {
    const attempt = () => recordingSdp(streams as never);
    expect(attempt).toThrow(StudioError);
    expect(attempt).toThrow(message);
  });
});
