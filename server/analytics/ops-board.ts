// What ops staff see: the board (a tile per live room, pushed about once a second with the tiles that
// changed) and one room in detail (its buckets, windows and pins; the open bucket every ~2 s). Every node
// holds the same state, so each tells only its own ops connections (io.local).
import {
  DEFAULT_THRESHOLDS,
  type Alert,
  type BoardTile,
  type OpsNote,
  type OpsRoomView,
} from '../../core/protocol/analytics-events';
import { BUCKET_MS } from '../../core/protocol/analytics-events';
import { replay } from '../../core/metrics/replay';
import type { GatewayServer } from '../gateway-types';
import type { StudioStore } from '../store/store';
import type { AnalyticsHub, RoomEntry } from './analytics-hub';

export const BOARD_ROOM = 'ops:board';
export const opsRoomChannel = (roomId: string) => `ops:room:${roomId}`;
export const BOARD_MS = 1000;
export const ROOM_PUSH_MS = 2000;
const TREND_MINUTES = 30;

/** Alerts and notes for the room view: filled by the alerts module when it is there. */
export interface OpsRoomSources {
  alerts(roomId: string): Promise<Alert[]> | Alert[];
  notes(roomId: string): Promise<(OpsNote & { dismissed: boolean })[]> | (OpsNote & { dismissed: boolean })[];
}
export const NO_SOURCES: OpsRoomSources = { alerts: () => [], notes: () => [] };

/** A room's mood score -1..1, null without comments (the node's InsightEngine). */
export type MoodOf = (roomId: string) => number | null;

export class OpsBoard {
  private sent = new Map<string, string>();
  private readonly timers: ReturnType<typeof setInterval>[] = [];

  constructor(
    private readonly io: GatewayServer,
    private readonly hub: AnalyticsHub,
    private readonly repo: StudioStore,
    private readonly mood: MoodOf,
    private readonly sources: OpsRoomSources,
  ) {
    this.timers.push(setInterval(() => this.pushBoard(), BOARD_MS));
    this.timers.push(setInterval(() => this.pushRooms(), ROOM_PUSH_MS));
    for (const t of this.timers) t.unref?.();
  }

  private watchers(channel: string): number {
    return this.io.sockets.adapter.rooms.get(channel)?.size ?? 0;
  }

  tile(roomId: string, entry: RoomEntry, now: number): BoardTile {
    const totals = entry.state.liveTotals(now);
    const minute = Math.floor(now / 60_000) * 60_000;
    const first = Math.max(
      minute - (TREND_MINUTES - 1) * 60_000,
      Math.floor((entry.liveSince ?? now) / 60_000) * 60_000,
    );
    const onlineTrend: number[] = [];
    for (let m = first; m < minute; m += 60_000) onlineTrend.push(entry.trend.get(m) ?? 0);
    onlineTrend.push(totals.online);
    const mood = this.mood(roomId);
    const health = entry.health
      ? {
          ...entry.health,
          poor:
            entry.health.lossPct > DEFAULT_THRESHOLDS.lossPct || entry.health.fps < DEFAULT_THRESHOLDS.minFps,
        }
      : null;
    return {
      roomId,
      title: entry.title.slice(0, 200),
      host: entry.host.slice(0, 200),
      liveSince: entry.liveSince,
      online: totals.online,
      onlineTrend,
      gmvPlaced: totals.gmvPlaced,
      gpm: totals.gpm,
      conversion: totals.conversion,
      mood: mood === null ? null : Math.max(-1, Math.min(1, mood)),
      languages: [...totals.languages.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 3)
        .map(([lang, online]) => ({ lang, online })),
      health,
      openAlerts: entry.openAlerts.size,
      violations: entry.violations,
      restream: entry.restream && { ...entry.restream },
    };
  }

  /** The tiles of every live room (loading live rooms this node has not heard of yet). */
  async tiles(): Promise<BoardTile[]> {
    for (const r of await this.repo.analytics.liveRooms()) {
      const entry = this.hub.room(r.id);
      if (entry.endedAt !== null) continue;
      entry.title ||= r.title;
      entry.host ||= r.hostLanguage;
      entry.liveSince ??= r.liveStartedAt;
      this.hub.setLive(r.id, entry, true);
    }
    const now = this.hub.now();
    const out: BoardTile[] = [];
    for (const [roomId, entry] of this.hub.rooms) if (entry.live) out.push(this.tile(roomId, entry, now));
    return out;
  }

  /** Changed tiles and ended rooms to this node's ops on the board. */
  pushBoard(): void {
    if (this.watchers(BOARD_ROOM) === 0) {
      this.sent.clear();
      return;
    }
    const now = this.hub.now();
    const tiles: BoardTile[] = [];
    const removed: string[] = [];
    for (const [roomId, entry] of this.hub.rooms) {
      if (!entry.live) continue;
      const tile = this.tile(roomId, entry, now);
      const text = JSON.stringify(tile);
      if (this.sent.get(roomId) === text) continue;
      this.sent.set(roomId, text);
      tiles.push(tile);
    }
    for (const roomId of this.sent.keys()) {
      if (this.hub.rooms.get(roomId)?.live) continue;
      this.sent.delete(roomId);
      removed.push(roomId);
    }
    if (tiles.length > 0 || removed.length > 0)
      this.io.local.to(BOARD_ROOM).emit('ops:board', { tiles, removed, at: now });
  }

  /** A room ended: its tile leaves the board at the next push. */
  ended(roomId: string): void {
    if (!this.sent.has(roomId)) return;
    this.sent.delete(roomId);
    this.io.local.to(BOARD_ROOM).emit('ops:board', { tiles: [], removed: [roomId], at: this.hub.now() });
  }

  /** The open bucket and the windows to ops watching each room. */
  pushRooms(): void {
    const now = this.hub.now();
    for (const [roomId, entry] of this.hub.rooms) {
      const channel = opsRoomChannel(roomId);
      if (this.watchers(channel) === 0) continue;
      this.io.local.to(channel).emit('ops:bucket', {
        roomId,
        bucket: entry.state.preview(now),
        windows: entry.state.windows(),
      });
    }
  }

  /** Closed buckets to ops watching the room. */
  pushClosed(roomId: string, entry: RoomEntry, buckets: { bucket: OpsRoomView['buckets'][number] }[]): void {
    const channel = opsRoomChannel(roomId);
    if (this.watchers(channel) === 0) return;
    const windows = entry.state.windows();
    for (const { bucket } of buckets)
      this.io.local.to(channel).emit('ops:bucket', { roomId, bucket, windows });
  }

  async roomView(roomId: string, since?: number, ended = false): Promise<OpsRoomView> {
    const held = this.hub.rooms.get(roomId);
    if (!held && ended) return this.endedView(roomId, since);
    const entry = held ?? this.hub.room(roomId);
    const from = since ?? entry.liveSince ?? 0;
    const [stored, alerts, notes] = await Promise.all([
      this.repo.analytics.rollups(roomId, from),
      this.sources.alerts(roomId),
      this.sources.notes(roomId),
    ]);
    const byStart = new Map(stored.map((b) => [b.start, b]));
    for (const b of entry.recent) if (b.start >= from) byStart.set(b.start, b);
    const now = this.hub.now();
    const open = entry.state.preview(now);
    const buckets = [...byStart.values()].sort((a, b) => a.start - b.start);
    const lastStart = buckets.at(-1)?.start ?? -BUCKET_MS;
    if (open.start > lastStart && open.start >= from) buckets.push(open);
    return {
      roomId,
      title: entry.title,
      liveSince: entry.liveSince,
      buckets,
      windows: entry.state.windows(),
      notes: [...notes],
      alerts: [...alerts],
      pins: entry.state.timeline.pins().map((p) => ({ ...p })),
    };
  }

  /** An ended room this node no longer holds: its stored rollups, and windows replayed from its facts. */
  private async endedView(roomId: string, since?: number): Promise<OpsRoomView> {
    const [room, facts, alerts, notes] = await Promise.all([
      this.repo.rooms.get(roomId),
      this.repo.analytics.facts(roomId),
      this.sources.alerts(roomId),
      this.sources.notes(roomId),
    ]);
    const { state } = replay(roomId, facts);
    const liveSince = state.timeline.live().since ?? null;
    return {
      roomId,
      title: room?.title ?? '',
      liveSince,
      buckets: await this.repo.analytics.rollups(roomId, since ?? liveSince ?? 0),
      windows: state.windows(),
      notes: [...notes],
      alerts: [...alerts],
      pins: state.timeline.pins().map((p) => ({ ...p })),
    };
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
  }
}
