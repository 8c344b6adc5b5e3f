import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes';

/** Why live-video tests cannot run here, or null. CI sets LIVEBRIDGE_REQUIRE_MEDIASOUP=1 so they never skip. */
export function mediasoupUnavailableReason(): string | null {
  const bin =
    process.env.MEDIASOUP_WORKER_BIN ??
    path.join(ROOT, 'node_modules/mediasoup/worker/out/Release/mediasoup-worker');
  if (existsSync(bin)) return null;
  if (process.env.LIVEBRIDGE_REQUIRE_MEDIASOUP === '1') {
    throw new Error(
      `mediasoup worker missing at ${bin} and LIVEBRIDGE_REQUIRE_MEDIASOUP=1: run npm run setup:mediasoup`,
    );
  }
  return `the mediasoup worker is not installed (${bin}); run npm run setup:mediasoup`;
}

/** RTP parameters of a VP8 sender, as a client would produce them (`ssrc` distinct per test). */
export function vp8SendParameters(ssrc: number, cname = 'test') {
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
    encodings: [{ ssrc }],
    headerExtensions: [],
    rtcp: { cname },
  };
}
