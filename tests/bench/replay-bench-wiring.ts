// The recorded spans a replay lists ('replay:get'), for the replay bench's seeks (replay-bench.ts); the
// replay's state is waited for first (a stream just ended lists its last segment once it is finalized).
import type { ReplayDetail } from '../../core/protocol/replay';
import { BenchFailure } from './ops-bench-parts';
import { ask, MISSING_REPLAY, openSocket, type ReplayServer } from './replay-bench-parts';

export interface SeekTarget {
  roomId: string;
  spans: { fromMs: number; toMs: number }[];
  describe: string;
}

/** The finished segments (stream ms) of a room's recording; a failure saying so when it has none. */
export async function seekSpans(server: ReplayServer, roomId: string, what: string): Promise<SeekTarget> {
  const s = await openSocket(server.url, server.tokens.analyst);
  try {
    let detail = await ask<ReplayDetail>(s, 'replay:get', { roomId }, MISSING_REPLAY, 60_000);
    for (const until = Date.now() + 60_000; detail.item.state === 'finishing' && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 1000));
      detail = await ask<ReplayDetail>(s, 'replay:get', { roomId }, MISSING_REPLAY, 60_000);
    }
    const spans = detail.recording.segments
      .filter((g) => g.url !== null && g.endMs !== null && g.endMs - g.startMs > 1000)
      .map((g) => ({ fromMs: g.startMs, toMs: g.endMs! }));
    if (spans.length === 0)
      throw new BenchFailure(
        `${what} lists no finished segment to seek in (replay '${detail.item.state}', recorder ` +
          `'${detail.recording.status.state}' ${detail.recording.status.reason ?? ''})`,
      );
    const s0 = spans.reduce((n, g) => n + g.toMs - g.fromMs, 0);
    return { roomId, spans, describe: `${what}, ${spans.length} segment(s), ${Math.round(s0 / 1000)} s` };
  } finally {
    s.disconnect();
  }
}
