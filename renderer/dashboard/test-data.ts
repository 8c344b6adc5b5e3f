// Builders of the wire types for the dashboard's tests (the shapes the backend sends).
import type { BoardTile, RollupBucket, RoomMetrics } from '../../core/protocol/analytics-events';

export function metrics(patch: Partial<RoomMetrics> = {}): RoomMetrics {
  return {
    online: 0,
    views: 0,
    entries: 0,
    exits: 0,
    avgWatchMs: 0,
    comments: 0,
    commenters: 0,
    interactionRate: 0,
    impressions: 0,
    clicks: 0,
    ctr: 0,
    orders: 0,
    buyers: 0,
    gmvPlaced: {},
    gmvPaid: {},
    conversion: 0,
    gpm: {},
    sentiment: { pos: 0, neu: 0, neg: 0 },
    ...patch,
  };
}

export function bucket(
  start: number,
  room: Partial<RoomMetrics> = {},
  patch: Partial<RollupBucket> = {},
): RollupBucket {
  return { roomId: 'r1', start, room: metrics(room), products: [], languages: [], ...patch };
}

export function tile(roomId: string, patch: Partial<BoardTile> = {}): BoardTile {
  return {
    roomId,
    title: `Room ${roomId}`,
    host: 'Host',
    liveSince: 1_000_000,
    online: 0,
    onlineTrend: [],
    gmvPlaced: {},
    gpm: {},
    conversion: 0,
    mood: null,
    languages: [],
    health: null,
    openAlerts: 0,
    violations: 0,
    restream: null,
    ...patch,
  };
}
