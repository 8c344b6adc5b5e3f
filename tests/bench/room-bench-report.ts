// The room bench's report: the table of cells, the orders, and the JSON line (room-bench.ts measures).
import os from 'node:os';
import type { Kind } from './room-bench-protocol';

export interface Row {
  kind: Kind;
  viewers: number;
  rate: number;
  status: 'ok' | 'collapsed' | 'skipped' | 'not connected';
  sentPerS?: number;
  deliveriesPerS?: number;
  offeredDeliveriesPerS?: number;
  framesPerS?: number;
  p50?: number;
  p99?: number;
  shedPct?: number;
  latePct?: number;
  serverCpu?: number;
  clientCpu?: number;
  /** CPU used on this machine by processes outside the bench during the cell. */
  otherCpu?: number;
  /** Measured a second time because the first try shared the machine. */
  rerun?: boolean;
}

export interface OrderStep {
  buyers: number;
  perS: number;
  p50: number;
  p99: number;
  failed: string;
}

export interface RoomReport {
  rows: Row[];
  orderSteps: OrderStep[];
  kinds: Kind[];
  workers: number;
  windowMs: number;
  drainMs: number;
  orderWindowMs: number;
  target: { viewers: number; rate: number };
  p99LimitMs: number;
  started: number;
}

export function printRoomReport(report: RoomReport): void {
  const { rows, orderSteps, kinds, workers, windowMs, drainMs, orderWindowMs, target, started } = report;
  const { p99LimitMs } = report;
  const fmt = (n: number | undefined, digits = 0) =>
    n === undefined ? '-' : Number.isFinite(n) ? n.toFixed(digits) : 'inf';
  const cpu = os.cpus();
  console.log(
    `\nroom bench on ${cpu.length} cores (${cpu[0]?.model ?? 'cpu'}), node ${process.version}; server in its own process, ` +
      `${workers} client processes (${process.env.BENCH_CLIENT === 'socket.io-client' ? 'socket.io-client' : 'wire-level socket.io clients'}, websocket) on the same cores; ${windowMs / 1000} s per cell` +
      (process.env.BENCH_SMOKE ? ' (smoke sizes)' : ''),
  );
  console.log(
    'gateway = this backend: compact frames per room and tick (50 ms); a big room is served a few slices a tick, each slice at least every 250 ms; slow viewers shed;\n' +
      'socket.io = plain socket.io 4.8 emitting each comment to the room',
  );
  const header = ['server', 'viewers', 'comm/s', 'sent/s', 'deliv/s', 'offered/s', 'frames/s', 'p50 ms'];
  header.push('p99 ms', 'shed%', 'late%', 'srv cpu%', 'cli cpu%', 'other%', '');
  const line = (cells: (string | number)[]) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(9) : i === cells.length - 1 ? c : String(c).padStart(9)))
      .join(' ');
  console.log(line(header));
  const sorted = [...rows].sort(
    (a, b) => a.viewers - b.viewers || a.rate - b.rate || kinds.indexOf(a.kind) - kinds.indexOf(b.kind),
  );
  for (const r of sorted) {
    const name = r.kind === 'gateway' ? 'gateway' : 'socket.io';
    if (r.status === 'skipped' || r.status === 'not connected') {
      const why = r.status === 'skipped' ? 'skipped: collapsed at a smaller load' : 'could not connect all';
      console.log(line([name, r.viewers, r.rate, ...Array<string>(12).fill('-'), `  ${why}`]));
      continue;
    }
    const verdict = [
      r.status === 'collapsed' ? 'collapsed' : r.p99! < p99LimitMs ? '' : `p99 >= ${p99LimitMs}`,
      r.rerun ? '(2nd try: outside load)' : '',
    ]
      .filter(Boolean)
      .join(' ');
    console.log(
      line([
        name,
        r.viewers,
        r.rate,
        fmt(r.sentPerS),
        fmt(r.deliveriesPerS),
        fmt(r.offeredDeliveriesPerS),
        fmt(r.framesPerS),
        fmt(r.p50),
        fmt(r.p99),
        fmt(r.shedPct, 1),
        fmt(r.latePct, 1),
        fmt(r.serverCpu),
        fmt(r.clientCpu),
        fmt(r.otherCpu),
        verdict ? `  ${verdict}` : '',
      ]),
    );
  }
  const busiest = Math.max(0, ...rows.map((r) => r.otherCpu ?? 0));
  if (busiest > 15) {
    console.log(
      `warning: processes outside the bench used up to ${busiest.toFixed(0)}% cpu during a cell (other%); ` +
        'those cells measured a shared machine',
    );
  }
  const best = (kind: Kind) =>
    rows
      .filter((r) => r.kind === kind && r.status !== 'skipped' && r.p99 !== undefined && r.p99 < p99LimitMs)
      .reduce<Row | null>((b, r) => (!b || r.deliveriesPerS! > b.deliveriesPerS! ? r : b), null);
  const ours = best('gateway');
  const theirs = best('socketio');
  const ratio = ours && theirs ? ours.deliveriesPerS! / theirs.deliveriesPerS! : null;
  const targetRow = rows.find(
    (r) => r.kind === 'gateway' && r.viewers === target.viewers && r.rate === target.rate,
  );
  const p99Target = targetRow?.p99 ?? null;
  const goodOrders = orderSteps.filter((s) => s.p99 < p99LimitMs);
  const ordersPerS = goodOrders.length ? Math.max(...goodOrders.map((s) => s.perS)) : 0;

  console.log(
    '\ndeliv/s: comment deliveries per second (a batch of k comments to one viewer = k); offered/s: accepted comments x viewers;\n' +
      'frames/s: socket.io messages the viewers received; latency over every delivery to every viewer, with comments not\n' +
      `delivered ${drainMs / 1000} s after the window counted infinitely late (late%); shed%: skipped on purpose for a viewer whose\n` +
      'link could not keep up (it gets the count). A cell "collapses" at p99 >= 1 s or late > 10%.',
  );
  console.log(
    `\nmost deliveries/s with p99 < ${p99LimitMs} ms: gateway ${fmt(ours?.deliveriesPerS)} (${ours ? `${ours.viewers} x ${ours.rate}/s` : '-'}), ` +
      `socket.io ${fmt(theirs?.deliveriesPerS)} (${theirs ? `${theirs.viewers} x ${theirs.rate}/s` : '-'}):\n  delivery ratio (gateway's best / socket.io's best, over the cells measured) ${fmt(ratio ?? undefined, 1)} (target >= 5)`,
  );
  console.log(
    `p99 at ${target.viewers} viewers x ${target.rate} comments/s: ${fmt(p99Target ?? undefined)} ms (target < ${p99LimitMs})`,
  );
  console.log(
    `\norders (gateway; one room, one product with 1,000,000 stock; closed loop, each buyer <= 1.9 orders/s under its 2/s\n` +
      `budget, a fresh idempotency key each; every order also broadcasts the product's stock to the room, here the buyers; ${orderWindowMs / 1000} s):`,
  );
  for (const s of orderSteps)
    console.log(
      `  ${String(s.buyers).padStart(4)} buyers: ${s.perS.toFixed(0).padStart(5)} orders/s, ack p50 ${s.p50} ms, p99 ${s.p99} ms, failed ${s.failed}`,
    );
  console.log(`orders/s sustained with ack p99 < ${p99LimitMs} ms: ${ordersPerS.toFixed(0)}`);
  console.log(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(
    JSON.stringify({
      p99_ms_target: p99Target === null ? null : Number.isFinite(p99Target) ? p99Target : null,
      target_viewers: target.viewers,
      target_rate: target.rate,
      delivery_ratio_vs_socketio: ratio === null ? null : Number(ratio.toFixed(2)),
      orders_per_s: Math.round(ordersPerS),
      gateway_max_deliveries_per_s: Math.round(ours?.deliveriesPerS ?? 0),
      socketio_max_deliveries_per_s: Math.round(theirs?.deliveriesPerS ?? 0),
      cores: cpu.length,
    }),
  );
}
