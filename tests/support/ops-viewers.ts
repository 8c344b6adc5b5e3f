// Scripted viewers for the ops dashboard e2e test: raw socket.io viewers that speak the viewer page's
// protocol (join, presence with heartbeats, the pinned card's impression, clicks, order and payment), and
// the sums an ops figure must equal, computed with SQL from the backend's SQLite file.
import Database from 'better-sqlite3';
import { HEARTBEAT_MS } from '../../core/protocol/analytics-events';
import { ev, track } from './analytics-clients';
import { connectAs, value, type RoomSocket } from './room-clients';

export interface RawViewer {
  socket: RoomSocket;
  /** Buys the pinned product (place, then pay when `pay`). */
  buy(pay: boolean): Promise<void>;
  /** Gone without a word: the socket closes, no leave is sent (a killed app, a lost network). */
  vanish(): void;
  stop(): void;
}

export async function rawViewer(url: string, roomId: string, opened: RoomSocket[]): Promise<RawViewer> {
  const socket = await connectAs(url, { role: 'viewer', room: roomId }, opened);
  value(await socket.emitWithAck('room:join', { roomId }));
  const products = value(await socket.emitWithAck('product:list', { roomId }));
  const pinned = products.find((p) => p.pinned);
  if (!pinned) throw new Error(`no pinned product in ${roomId}`);
  value(
    await track(socket, roomId, [
      ev({ type: 'presence', state: 'join' }),
      ev({ type: 'impression', productId: pinned.id }),
      ev({ type: 'click', productId: pinned.id, target: 'card' }),
    ]),
  );
  const heartbeat = setInterval(() => {
    void track(socket, roomId, [ev({ type: 'presence', state: 'heartbeat' })]);
  }, HEARTBEAT_MS);
  const stop = () => clearInterval(heartbeat);
  return {
    socket,
    async buy(pay) {
      value(await track(socket, roomId, [ev({ type: 'click', productId: pinned.id, target: 'buy' })]));
      const [currency] = Object.keys(pinned.prices);
      const order = value(
        await socket.emitWithAck('order:place', {
          roomId,
          productId: pinned.id,
          quantity: 1,
          currency: currency!,
          idempotencyKey: `raw-${socket.id}`,
        }),
      );
      if (pay) value(await socket.emitWithAck('order:pay', { roomId, orderId: order.id }));
    },
    vanish() {
      stop();
      socket.disconnect();
    },
    stop,
  };
}

/** What the dashboard's funnel and cards show for a room, summed from the stored rows. */
export interface RoomSums {
  viewers: number;
  impressions: number;
  clicks: number;
  orders: number;
  paid: number;
  gmvPlaced: Record<string, number>;
}

export function roomSums(sqliteFile: string, roomId: string): RoomSums {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get(roomId) as { n: number }).n;
    const gmv = db
      .prepare('SELECT currency, SUM(amount_minor) AS minor FROM orders WHERE room_id = ? GROUP BY currency')
      .all(roomId) as { currency: string; minor: number }[];
    return {
      viewers: one(
        `SELECT COUNT(DISTINCT json_extract(data, '$.viewer')) AS n FROM analytics_facts
         WHERE room_id = ? AND kind = 'presence'`,
      ),
      impressions: one(`SELECT COUNT(*) AS n FROM analytics_facts WHERE room_id = ? AND kind = 'impression'`),
      clicks: one(`SELECT COUNT(*) AS n FROM analytics_facts WHERE room_id = ? AND kind = 'click'`),
      orders: one(`SELECT COUNT(*) AS n FROM orders WHERE room_id = ?`),
      paid: one(`SELECT COUNT(*) AS n FROM orders WHERE room_id = ? AND status = 'paid'`),
      gmvPlaced: Object.fromEntries(gmv.map((r) => [r.currency, r.minor])),
    };
  } finally {
    db.close();
  }
}
