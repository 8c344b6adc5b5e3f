// Builds one stream's ReplayDetail from the store and the recordings: loads what core/replay computes from
// (facts, comments, marks, alerts, violations, gaps), runs it, and joins the recording and the caption tracks. The
// detail is stored without URLs: file URLs carry tickets that expire, so they are signed when it is read.
import type { AnalyticsFact } from '../../core/metrics/facts';
import { BUCKET_MS } from '../../core/protocol/analytics-events';
import type { ReplayDetail, ReplayListItem, ReplayState } from '../../core/protocol/replay';
import type { ReplayInputs } from '../../core/replay/replay-inputs';
import { replayModel } from '../../core/replay/replay-model';
import type { RecordingsApi } from '../media-out/recording-api';
import type { ReplayRoomRow, StudioStore } from '../store/store';

/** Where a stream ends: its last live end fact (after its last start), else null (not ended in the facts). */
export function endOf(facts: readonly AnalyticsFact[]): number | null {
  let end: number | null = null;
  for (const f of facts) {
    if (f.kind !== 'live') continue;
    end = f.state === 'end' ? f.at : null;
  }
  return end;
}

/**
 * A studio mark's server time: its studio time when that is not after the server received it (a mark
 * queued offline arrives late but keeps its moment), else the receipt (the studio's clock runs ahead).
 */
export const markAt = (m: { at: number; receivedAt: number }) => (m.at <= m.receivedAt ? m.at : m.receivedAt);

/** Facts read per page: each page is one short block of the event loop (a 2 h stream has ~2 M facts). */
const FACTS_PAGE = 20_000;

/** The room's facts from `from` on, read page by page with the event loop let go in between. */
async function allFacts(repo: StudioStore, roomId: string, from: number): Promise<AnalyticsFact[]> {
  const facts: AnalyticsFact[] = [];
  for (;;) {
    const last = facts.at(-1);
    const page = await repo.analytics.factsPage(
      roomId,
      from,
      last ? { at: last.at, id: last.id } : null,
      FACTS_PAGE,
    );
    for (const f of page) facts.push(f);
    if (page.length < FACTS_PAGE) return facts;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface BuiltReplay {
  detail: ReplayDetail;
  endedAt: number;
}

export async function buildReplay(
  repo: StudioStore,
  recordings: RecordingsApi,
  room: ReplayRoomRow,
  state: ReplayState,
  now: number,
): Promise<BuiltReplay> {
  const roomId = room.id;
  const [facts, rollups, comments, marks, alerts, violations, segments, gaps, tracks, titles] =
    await Promise.all([
      allFacts(repo, roomId, room.liveStartedAt),
      repo.analytics.rollups(roomId, room.liveStartedAt - BUCKET_MS, 100_000),
      repo.replay.comments(roomId),
      repo.replay.marks(roomId),
      repo.alerts.ofRoom(roomId),
      repo.compliance.ofRoom(roomId),
      recordings.segments(roomId),
      recordings.gaps(roomId),
      repo.captionLines.tracks(roomId),
      repo.replay.productTitles(roomId, room.hostLanguage),
    ]);
  // A stream still on ends now; a killed one (partial) at the last thing stored; an ended one at its end.
  const endedAt =
    state === 'live'
      ? now
      : ((state !== 'partial' ? endOf(facts) : null) ??
        (await repo.replay.lastActivityAt(roomId)) ??
        room.liveStartedAt);
  const inputs: ReplayInputs = {
    roomId,
    liveStartedAt: room.liveStartedAt,
    endAt: Math.max(endedAt, room.liveStartedAt),
    facts,
    rollups: rollups.map((b) => ({ start: b.start, online: b.room.online })),
    comments: comments.map((c) => ({
      id: c.id,
      t: c.t,
      text: c.text,
      sentiment: c.sentiment,
      intents: c.intents,
    })),
    marks: marks.map((m) => ({ at: markAt(m), label: m.label })),
    alerts: alerts.map((a) => ({ at: a.at, kind: a.kind })),
    violations,
    gaps,
    titles,
  };
  const model = replayModel(inputs);
  const item: ReplayListItem = {
    roomId,
    title: room.title,
    hostLanguage: room.hostLanguage,
    state,
    liveStartedAt: room.liveStartedAt,
    endedAt: state === 'live' ? null : endedAt,
    durationMs: model.durationMs,
    gmv: model.gmv,
    orders: model.orders,
    peakOnline: model.peakOnline,
    comments: model.comments,
    mood: model.mood,
    recorded: segments.length > 0,
  };
  const detail: ReplayDetail = {
    item,
    minutes: model.minutes,
    markers: model.markers,
    violations: model.violations,
    segments: model.segments,
    highlights: model.highlights,
    recording: {
      status: recordings.status(roomId),
      segments: segments.map((s) => ({
        seq: s.seq,
        startMs: s.startMs,
        endMs: s.endMs,
        reason: s.reason,
        hasVideo: s.hasVideo,
        hasAudio: s.hasAudio,
        url: null,
      })),
      gaps,
    },
    captions: tracks,
    readyAt: state === 'ready' || state === 'partial' ? now : null,
  };
  return { detail, endedAt };
}
