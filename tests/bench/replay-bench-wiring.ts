// The recorded spans a replay lists ('replay:get'), for the replay bench's seeks (replay-bench.ts).
import type { ReplayDetail } from '../../core/protocol/replay';
import { BenchFailure } from './ops-bench-parts';
import { ask, MISSING_REPLAY, openSocket, type ReplayServer } from './replay-bench-parts';

/**
 * The recorded spans (stream ms) of the bench's 2 h stream when it has a recording, else of the studio
 * stream the recorder recorded; a failure naming what is missing when neither has one.
 */
export async function seekSpans(
  server: ReplayServer,
  roomId: string,
  recordedRoomId: string | null,
): Promise<{ roomId: string; spans: { fromMs: number; toMs: number }[]; describe: string }> {
  const s = await openSocket(server.url, server.tokens.analyst);
  try {
    await ask(s, 'replay:list', {}, MISSING_REPLAY, 60_000);
    for (const id of [roomId, recordedRoomId]) {
      if (!id) continue;
      const detail = await ask<ReplayDetail>(s, 'replay:get', { roomId: id }, MISSING_REPLAY, 60_000);
      const spans = detail.recording.segments
        .filter((g) => g.url !== null && g.endMs !== null && g.endMs - g.startMs > 1000)
        .map((g) => ({ fromMs: g.startMs, toMs: g.endMs! }));
      if (spans.length > 0) {
        const ms = spans.reduce((n, g) => n + g.toMs - g.fromMs, 0);
        const what = id === roomId ? 'the 2 h stream' : 'the recorded studio stream';
        return {
          roomId: id,
          spans,
          describe: `${what}, ${spans.length} segment(s), ${Math.round(ms / 1000)} s`,
        };
      }
    }
  } finally {
    s.disconnect();
  }
  throw new BenchFailure(
    recordedRoomId
      ? 'neither the 2 h stream nor the recorded studio stream lists a finished segment in replay:get'
      : 'no recording to seek in: the studio stream was not recorded and the 2 h stream has none',
  );
}
