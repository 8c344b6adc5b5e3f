// The replay's per-minute curves: peak online (from the stored 10 s rollups, else recomputed from the facts
// by core/metrics), comments and their sentiment, orders and GMV placed. Minutes are stream minutes (minute k spans stream ms
// k*60,000..(k+1)*60,000); a 10 s bucket is aligned to the epoch, not to the stream, so its peak online
// counts in the minute its start falls in (up to 10 s off); counts and money are exact per event.
import { BUCKET_MS } from '../protocol/analytics-events';
import { REPLAY_MINUTE_MS, type ReplayMinute } from '../protocol/replay';
import { addMoney } from '../metrics/facts';
import { recompute } from '../metrics/replay';
import { durationOf, emptyMood, placedOrders, streamMs, type ReplayInputs } from './replay-inputs';

export function minuteCurves(inputs: ReplayInputs): ReplayMinute[] {
  const count = Math.max(1, Math.ceil(durationOf(inputs) / REPLAY_MINUTE_MS));
  const minutes: ReplayMinute[] = Array.from({ length: count }, (_, k) => ({
    t: k * REPLAY_MINUTE_MS,
    online: 0,
    comments: 0,
    sentiment: emptyMood(),
    orders: 0,
    gmv: {},
  }));
  const minuteOf = (ms: number) => minutes[Math.min(count - 1, Math.floor(ms / REPLAY_MINUTE_MS))]!;

  const inStream = inputs.facts.filter((f) => f.at <= inputs.endAt);
  const until = Math.floor(inputs.endAt / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
  const buckets = inputs.rollups?.length
    ? inputs.rollups
    : recompute(inputs.roomId, inStream, until).map(({ bucket }) => ({
        start: bucket.start,
        online: bucket.room.online,
      }));
  for (const bucket of buckets) {
    if (bucket.start + BUCKET_MS <= inputs.liveStartedAt || bucket.start >= until) continue;
    const m = minuteOf(streamMs(inputs, bucket.start));
    m.online = Math.max(m.online, bucket.online);
  }
  for (const c of inputs.comments) {
    if (c.t > durationOf(inputs)) continue;
    const m = minuteOf(c.t);
    m.comments += 1;
    if (c.sentiment) m.sentiment[c.sentiment] += 1;
  }
  for (const o of placedOrders(inStream)) {
    const m = minuteOf(streamMs(inputs, o.at));
    m.orders += 1;
    addMoney(m.gmv, o.currency, o.amount);
  }
  return minutes;
}
