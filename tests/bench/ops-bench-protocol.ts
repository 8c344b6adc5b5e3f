// Messages between the ops bench (ops-bench.ts) and its viewer worker processes (ops-bench-worker.ts).

export interface BenchRoom {
  roomId: string;
  /** The room's viewer link token (each connection with it is issued a viewer of its own). */
  token: string;
  /** The room's pinned product (impressions and clicks name it). */
  productId: string;
}

export interface LoadRates {
  heartbeatMs: number;
  /** Each viewer reports an impression about this often, and a click (card or buy) about this often. */
  impressionEveryMs: number;
  clickEveryMs: number;
}

export type ToWorker =
  | { t: 'connect'; url: string; rooms: BenchRoom[]; viewersPerRoom: number }
  | ({ t: 'load' } & LoadRates)
  /** Reports the counters since the last collect and zeroes them. */
  | { t: 'collect' }
  | { t: 'exit' };

export interface WorkerCounts {
  t: 'counts';
  /** Viewer events sent (each event of a batch counts one) and batches. */
  events: number;
  batches: number;
  /** Batches the backend refused, per error code (or `timeout` without an answer). */
  refused: Record<string, number>;
}

export type FromWorker =
  | { t: 'ready' }
  | { t: 'connected'; ok: number; failed: number; error?: string }
  | { t: 'loading' }
  | WorkerCounts;
