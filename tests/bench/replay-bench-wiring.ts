// Where the replay bench meets the replay backend's own parts (server/replay: the caption store; the
// recordings in 'replay:get'): the captions writer for the loader, and the recorded spans to seek in.
import type { ReplayDetail } from '../../core/protocol/replay';
import type { StudioStore } from '../../server/store/store';
import { BenchFailure } from './ops-bench-parts';
import type { CaptionWriter, StoredCaptionInput } from './replay-bench-load';
import { ask, MISSING_REPLAY, openSocket, type ReplayServer } from './replay-bench-parts';

interface CaptionStoreLike {
  add(captions: readonly StoredCaptionInput[]): Promise<void>;
}

/** The captions writer over the store's caption table; without one, captions are counted as missing. */
export function captionWriter(store: StudioStore): {
  write: CaptionWriter;
  stored: () => boolean;
  missing: string;
} {
  const captions = (store as unknown as { captions?: CaptionStoreLike }).captions;
  let wrote = false;
  return {
    write: async (batch) => {
      if (!captions) return;
      await captions.add(batch);
      wrote = true;
    },
    stored: () => wrote,
    missing: `the store has no caption table: ${MISSING_REPLAY}`,
  };
}

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
    await ask(s, 'replay:list', {}, MISSING_REPLAY, 15_000);
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
