// Messages between the room bench and its client worker processes.
export type Kind = 'gateway' | 'socketio';
export const LAT_MAX_MS = 10_000;

export type ToWorker =
  | {
      t: 'connect';
      url: string;
      kind: Kind;
      roomId: string;
      /** The gateway's signed viewer token for the room, when it checks tokens. */
      token?: string;
      count: number;
    }
  | {
      t: 'cell';
      cell: string;
      startAt: number;
      /** Comments in the first warmupMs are tagged apart and not counted. */
      warmupMs: number;
      durationMs: number;
      senders: number;
      perSenderRate: number;
    }
  | { t: 'collect'; cell: string }
  | {
      t: 'orders';
      url: string;
      roomId: string;
      token?: string;
      productId: string;
      buyers: number;
      perBuyerRate: number;
      startAt: number;
      durationMs: number;
    }
  | { t: 'exit' };

export interface CellStats {
  t: 'stats';
  cell: string;
  sent: number;
  rejected: number;
  delivered: number;
  frames: number;
  shed: number;
  /** [latency ms, count] pairs; latency LAT_MAX_MS means "LAT_MAX_MS or more". */
  hist: [number, number][];
}

export interface OrderStats {
  t: 'orders';
  placed: number;
  failed: Record<string, number>;
  hist: [number, number][];
}

export type FromWorker =
  { t: 'ready' } | { t: 'connected'; ok: number; failed: number; error?: string } | CellStats | OrderStats;
