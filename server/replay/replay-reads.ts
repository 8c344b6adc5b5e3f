// The replay's reads beyond its detail: the transcript of one language, the comments of a stream-time window,
// search over captions and comments (a per-room index, built once and kept for a few rooms), the export
// files and their ticketed URLs, and clips cut by the recorder. Access is checked by the caller
// (server/modules/replay.ts for sockets, a ticket for HTTP: http-routes.ts).
import {
  EXPORT_KINDS,
  REPLAY_COMMENTS_MAX,
  REPLAY_TICKET_TTL_MS,
  type ExportKind,
  type ReplayClip,
  type ReplayComment,
  type ReplayExports,
  type ReplayState,
  type SearchHit,
  type TranscriptLine,
} from '../../core/protocol/replay';
import { eventsJson, minutesCsv, segmentsCsv } from '../../core/replay/exports';
import { ReplaySearchIndex } from '../../core/replay/search-index';
import { toSrt, toWebVtt } from '../../core/replay/subtitles';
import type { RecordingsApi } from '../media-out/recording-api';
import type { ReplayRoomRow, StudioStore } from '../store/store';
import type { ReplayService } from './replay-service';
import { LruMap } from './lru-map';
import type { ReplayTickets } from './tickets';

/** Rooms whose search index is kept. */
const SEARCH_ROOMS = 4;
/** An index of a stream that may still change (live, finishing) is rebuilt when older than this. */
const SEARCH_STALE_MS = 15_000;

/** A file to send: a path on disk (recording segments, clips) or a body made now (exports). */
export type ReplayFile =
  | { kind: 'path'; path: string; type: string; download: string | null }
  | { kind: 'body'; body: string; type: string; download: string };

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  webm: 'video/webm',
} as const;

export class ReplayReads {
  private readonly indexes = new LruMap<string, { index: ReplaySearchIndex; at: number; state: ReplayState }>(
    SEARCH_ROOMS,
  );
  private readonly building = new Map<string, Promise<ReplaySearchIndex>>();
  /** Clips cut on this node: `roomId/from-to` -> file. */
  private readonly clips = new LruMap<string, string>(256);

  constructor(
    private readonly deps: {
      repo: StudioStore;
      recordings: RecordingsApi;
      tickets: ReplayTickets;
      service: ReplayService;
    },
  ) {}

  transcript(row: ReplayRoomRow, lang: string): Promise<TranscriptLine[]> {
    return this.deps.repo.captionLines.lines(row.id, row.liveStartedAt, lang);
  }

  async comments(row: ReplayRoomRow, fromMs: number, toMs: number, limit = REPLAY_COMMENTS_MAX) {
    const rows = await this.deps.repo.replay.comments(row.id, fromMs, toMs, limit);
    return rows.map((c): ReplayComment => ({
      id: c.id,
      t: c.t,
      handle: c.handle,
      text: c.text,
      lang: c.lang,
      sentiment: c.sentiment,
      intents: c.intents,
    }));
  }

  async search(row: ReplayRoomRow, q: string, limit: number): Promise<{ hits: SearchHit[]; total: number }> {
    return (await this.index(row)).search(q, limit);
  }

  /** Starts building the room's search index (a page that opens a replay searches it soon after). */
  warm(row: ReplayRoomRow): void {
    this.index(row).catch(() => undefined);
  }

  private async index(row: ReplayRoomRow): Promise<ReplaySearchIndex> {
    const state = this.deps.service.stateOf(row);
    const kept = this.indexes.get(row.id);
    const fresh = kept && (kept.state === 'ready' || Date.now() - kept.at < SEARCH_STALE_MS);
    if (kept && fresh && kept.state === state) return kept.index;
    let pending = this.building.get(row.id);
    if (!pending) {
      pending = this.buildIndex(row, state).finally(() => this.building.delete(row.id));
      this.building.set(row.id, pending);
    }
    return pending;
  }

  private async buildIndex(row: ReplayRoomRow, state: ReplayState): Promise<ReplaySearchIndex> {
    const [lines, comments] = await Promise.all([
      this.deps.repo.captionLines.lines(row.id, row.liveStartedAt),
      this.deps.repo.replay.comments(row.id),
    ]);
    const index = new ReplaySearchIndex([
      ...lines.map((l) => ({ kind: 'caption' as const, id: l.id, t: l.startMs, text: l.text, lang: l.lang })),
      ...comments.map((c) => ({ kind: 'comment' as const, id: c.id, t: c.t, text: c.text, lang: c.lang })),
    ]);
    this.indexes.set(row.id, { index, at: Date.now(), state });
    return index;
  }

  /** Ticketed URLs of the room's exports: the CSVs, the events JSON, WebVTT and SRT per caption language. */
  async exports(row: ReplayRoomRow): Promise<ReplayExports> {
    const { tickets } = this.deps;
    const files = Object.fromEntries(
      EXPORT_KINDS.map((k) => [k, tickets.url(row.id, `exports/${k}`)]),
    ) as Record<ExportKind, string>;
    const captions: ReplayExports['captions'] = {};
    for (const t of await this.deps.repo.captionLines.tracks(row.id)) {
      captions[t.lang] = {
        vtt: tickets.url(row.id, `captions/${t.lang}.vtt`),
        srt: tickets.url(row.id, `captions/${t.lang}.srt`),
      };
    }
    return { files, captions, expiresAt: Date.now() + REPLAY_TICKET_TTL_MS };
  }

  async clip(row: ReplayRoomRow, fromMs: number, toMs: number): Promise<ReplayClip> {
    const cut = await this.deps.recordings.clip(row.id, fromMs, toMs);
    const name = `${cut.fromMs}-${cut.toMs}`;
    this.clips.set(`${row.id}/${name}`, cut.file);
    return {
      url: this.deps.tickets.url(row.id, `clips/${name}.webm`),
      fromMs: cut.fromMs,
      toMs: cut.toMs,
      bytes: cut.bytes,
    };
  }

  /** The file at `file` (a path under the room, its ticket already checked); null when there is none. */
  async file(roomId: string, file: string): Promise<ReplayFile | null> {
    const row = await this.deps.repo.replay.room(roomId);
    if (!row) return null;
    const base = `replay-${roomId.slice(0, 36)}`;
    let m = /^segments\/(\d{1,6})\.webm$/.exec(file);
    if (m) {
      const seq = Number(m[1]);
      const segment = (await this.deps.recordings.segments(roomId)).find((s) => s.seq === seq);
      return segment ? { kind: 'path', path: segment.file, type: TYPES.webm, download: null } : null;
    }
    m = /^clips\/(\d{1,9})-(\d{1,9})\.webm$/.exec(file);
    if (m) {
      let path = this.clips.get(`${roomId}/${m[1]}-${m[2]}`);
      // Cut on another node, or before a restart: cut it again here.
      path ??= (await this.deps.recordings.clip(roomId, Number(m[1]), Number(m[2]))).file;
      return { kind: 'path', path, type: TYPES.webm, download: `${base}-clip-${m[1]}-${m[2]}.webm` };
    }
    if (file.startsWith('exports/')) return this.exportFile(row, file.slice('exports/'.length), base);
    m = /^captions\/([A-Za-z0-9-]{2,35})\.(vtt|srt)$/.exec(file);
    if (m) {
      const [lang, ext] = [m[1]!, m[2] as 'vtt' | 'srt'];
      const track = (await this.deps.repo.captionLines.tracks(roomId)).find((t) => t.lang === lang);
      if (!track) return null;
      const lines = await this.transcript(row, lang);
      const body = ext === 'vtt' ? toWebVtt(lines, track.engine, lang) : toSrt(lines, track.engine, lang);
      return { kind: 'body', body, type: TYPES[ext], download: `${base}-${lang}.${ext}` };
    }
    return null;
  }

  private async exportFile(row: ReplayRoomRow, kind: string, base: string): Promise<ReplayFile | null> {
    if (!(EXPORT_KINDS as readonly string[]).includes(kind)) return null;
    const detail = await this.deps.service.detail(row);
    const download = `${base}-${kind}`;
    if (kind === 'minutes.csv')
      return { kind: 'body', body: minutesCsv(detail.minutes), type: TYPES.csv, download };
    if (kind === 'segments.csv')
      return { kind: 'body', body: segmentsCsv(detail.segments), type: TYPES.csv, download };
    const [comments, transcript] = await Promise.all([
      this.comments(row, 0, Number.MAX_SAFE_INTEGER, 10_000_000),
      this.deps.repo.captionLines.lines(row.id, row.liveStartedAt),
    ]);
    return { kind: 'body', body: eventsJson(detail, comments, transcript), type: TYPES.json, download };
  }
}
