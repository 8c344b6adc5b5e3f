// Runtime schemas of the analytics and ops events the backend sends (types: analytics-events.ts), checked by
// the dashboard and the studio like every other server event (server-events.ts).
import { z } from 'zod';
import {
  ALERT_KINDS,
  StreamHealthSchema,
  type Alert,
  type BoardTile,
  type BoardUpdate,
  type OpsNote,
  type OpsRoomUpdate,
  type RollupBucket,
} from './analytics-events';

const Id = z.string().min(1).max(128);
const Count = z.number().int().nonnegative();
const Ratio = z.number().min(0);
const Money = z.record(z.string().max(8), z.number().nonnegative());

const RoomMetricsSchema = z.object({
  online: Count,
  views: Count,
  entries: Count,
  exits: Count,
  avgWatchMs: z.number().nonnegative(),
  comments: Count,
  commenters: Count,
  interactionRate: Ratio,
  impressions: Count,
  clicks: Count,
  ctr: Ratio,
  orders: Count,
  buyers: Count,
  gmvPlaced: Money,
  gmvPaid: Money,
  conversion: Ratio,
  gpm: Money,
  sentiment: z.object({ pos: Count, neu: Count, neg: Count }),
});

const ProductMetricsSchema = z.object({
  productId: Id,
  presented: Count,
  presentedMs: z.number().nonnegative(),
  impressions: Count,
  clicks: Count,
  ctr: Ratio,
  orders: Count,
  gmvPlaced: Money,
  gmvPaid: Money,
});

export const RollupBucketSchema: z.ZodType<RollupBucket> = z.object({
  roomId: Id,
  start: z.number().int().nonnegative(),
  room: RoomMetricsSchema,
  products: z.array(ProductMetricsSchema),
  languages: z.array(
    z.object({ lang: z.string().max(35), views: Count, online: Count, orders: Count, gmvPlaced: Money }),
  ),
});

const RoomWindowsSchema = z.object({
  at: z.number(),
  last: RoomMetricsSchema,
  previous: RoomMetricsSchema,
  total: RoomMetricsSchema,
});

export const OpsRoomUpdateSchema: z.ZodType<OpsRoomUpdate> = z.object({
  roomId: Id,
  bucket: RollupBucketSchema,
  windows: RoomWindowsSchema,
});

export const BoardTileSchema: z.ZodType<BoardTile> = z.object({
  roomId: Id,
  title: z.string().max(200),
  host: z.string().max(200),
  liveSince: z.number().nullable(),
  online: Count,
  onlineTrend: z.array(Count).max(120),
  gmvPlaced: Money,
  gpm: Money,
  conversion: Ratio,
  mood: z.number().min(-1).max(1).nullable(),
  languages: z.array(z.object({ lang: z.string().max(35), online: Count })).max(8),
  health: StreamHealthSchema.extend({ at: z.number(), poor: z.boolean() }).nullable(),
  openAlerts: Count,
  violations: Count,
  restream: z.object({ live: Count, total: Count, trouble: Count }).nullable(),
});

export const BoardUpdateSchema: z.ZodType<BoardUpdate> = z.object({
  tiles: z.array(BoardTileSchema),
  removed: z.array(Id),
  at: z.number(),
});

export const AlertSchema: z.ZodType<Alert> = z.object({
  id: Id,
  roomId: Id,
  kind: z.enum(ALERT_KINDS),
  at: z.number(),
  detail: z.record(z.string().max(64), z.union([z.string().max(500), z.number(), z.null()])),
  open: z.boolean(),
  acknowledged: z.object({ by: z.string().max(200), at: z.number() }).nullable(),
});

export const OpsNoteSchema: z.ZodType<OpsNote> = z.object({
  id: Id,
  roomId: Id,
  text: z.string().max(500),
  from: z.string().max(200),
  at: z.number(),
});
