// Thousands of malformed, oversized and wrongly typed payloads to every client event. The server must
// answer each with a typed error (or drop an over-limit frame by closing that one connection), never
// crash, and the room's other clients must not notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../core/protocol/result';
import { decodeCommentFrame } from '../../core/protocol/room-events';
import { clientEventSchemas } from '../../core/protocol/socket-events';
import { startBackend, type Backend } from '../../server/backend';
import { sfuConfigFromEnv } from '../../server/sfu/sfu-config';
import { mediasoupUnavailableReason } from '../support/media';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, value, type RoomSocket } from '../support/room-clients';

const CASES_PER_EVENT = Number(process.env.FUZZ_CASES_PER_EVENT ?? 150);
const EVENTS = Object.keys(clientEventSchemas);

/** Small deterministic PRNG, so a failure can be replayed with FUZZ_SEED. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(random: () => number, roomId: string) {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const strings = [
    '',
    ' ',
    roomId,
    'x'.repeat(70_000),
    '\u0000\u202e<script>alert(1)</script>',
    '💥'.repeat(500),
    '__proto__',
    'constructor',
    '../../etc/passwd',
    'NaN',
    '1e309',
  ];
  const scalar = (): unknown =>
    pick<() => unknown>([
      () => pick(strings),
      () => Math.floor(random() * 2 ** 40) * (random() < 0.5 ? -1 : 1),
      () => random(),
      () => pick([0, -1, 1e308, Number.MAX_SAFE_INTEGER, 0.5]),
      () => random() < 0.5,
      () => null,
      () => undefined,
    ])();
  const any = (depth: number): unknown => {
    if (depth > 3 || random() < 0.4) return scalar();
    if (random() < 0.5) return Array.from({ length: Math.floor(random() * 5) }, () => any(depth + 1));
    const keys = [
      'roomId',
      'text',
      'clientId',
      'title',
      'hostLanguage',
      'productId',
      'quantity',
      'currency',
      'idempotencyKey',
      'events',
      'action',
      'words',
      'userId',
      'titles',
      'prices',
      'stock',
      'transportId',
      'rtpParameters',
      'dtlsParameters',
      'kind',
      'direction',
      '__proto__',
      'constructor',
    ];
    const obj: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 6); i > 0; i--) obj[pick(keys)] = any(depth + 1);
    return obj;
  };
  const deep = () => {
    let v: unknown = 'bottom';
    for (let i = 0; i < 200; i++) v = { roomId, nested: v };
    return v;
  };
  return () => (random() < 0.05 ? deep() : any(0));
}

describe('gateway fuzz', () => {
  let backend: Backend;
  const opened: RoomSocket[] = [];
  beforeAll(async () => {
    const noMedia = mediasoupUnavailableReason();
    backend = await startBackend({
      sqliteFile: ':memory:',
      logger: quietLogger,
      media: noMedia ? false : { ...sfuConfigFromEnv(), numWorkers: 1 },
    });
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await backend.close();
  });

  it(
    `answers ${CASES_PER_EVENT} hostile payloads per event (${EVENTS.length} events) with typed errors, and the room carries on`,
    { timeout: 180_000 },
    async () => {
      const seed = Number(process.env.FUZZ_SEED ?? 20261122);
      const random = prng(seed);
      const host = await connectAs(backend.url, { role: 'host' }, opened);
      const { room } = value(await host.emitWithAck('room:create', { title: 'Fuzz', hostLanguage: 'en' }));
      value(await host.emitWithAck('live:start', { roomId: room.id }));
      const watcher = await connectAs(backend.url, { role: 'viewer', room: room.id }, opened);
      value(await watcher.emitWithAck('room:join', { roomId: room.id }));
      const received: string[] = [];
      watcher.on('comment:batch', (f) => received.push(...decodeCommentFrame(f).items.map((c) => c.text)));
      const next = generator(random, room.id);

      const badAnswers: unknown[] = [];
      const codes: Record<string, number> = {};
      let answered = 0;
      let closedByLimit = 0;
      // Several attackers (hosts and viewers, in the room or not) so the per-connection rate limit
      // does not answer everything before validation is reached.
      const attackers = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          connectAs(
            backend.url,
            i % 4 === 0
              ? { role: 'host' }
              : { role: 'viewer', room: room.id, extraAuth: { userId: `attacker-${i}-000000` } },
            opened,
          ),
        ),
      );
      await Promise.all(attackers.slice(0, 8).map((a) => a.emitWithAck('room:join', { roomId: room.id })));

      let heartbeat = 0;
      const beats = setInterval(() => {
        void host.emitWithAck('comment:send', {
          roomId: room.id,
          text: `heartbeat ${heartbeat}`,
          clientId: `hb-${heartbeat++}-000000`,
        });
      }, 500);

      const jobs = EVENTS.flatMap((event) =>
        Array.from({ length: CASES_PER_EVENT }, () => ({ event, payload: next() })),
      );
      await Promise.all(
        attackers.map(async (attacker, a) => {
          for (let j = a; j < jobs.length; j += attackers.length) {
            const { event, payload } = jobs[j]!;
            if (!attacker.connected) {
              closedByLimit++;
              attacker.connect();
              await new Promise<void>((r) => attacker.once('connect', () => r()));
            }
            try {
              const answer = await (
                attacker.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }
              ).emitWithAck(event, payload);
              answered++;
              const a2 = answer as { ok?: boolean; error?: { code?: string; message?: unknown } };
              const typed =
                a2?.ok === true ||
                (a2?.ok === false &&
                  ERROR_CODES.includes(a2.error?.code as never) &&
                  typeof a2.error?.message === 'string');
              if (!typed) badAnswers.push({ event, answer });
              const code = a2?.ok ? 'ok' : String(a2?.error?.code);
              codes[code] = (codes[code] ?? 0) + 1;
            } catch {
              // No answer: only acceptable when the transport closed an over-limit frame's connection.
              if (attacker.connected) badAnswers.push({ event, payload: 'no answer while connected' });
            }
            if (j % 50 === 0) await new Promise((r) => setTimeout(r, 20)); // stay near the rate budget
          }
        }),
      );
      clearInterval(beats);

      expect(badAnswers.slice(0, 5)).toEqual([]);
      expect(answered).toBeGreaterThan(jobs.length * 0.8);
      // Most payloads reached validation rather than being turned away by the rate limit.
      expect(codes.invalid_argument ?? 0).toBeGreaterThan(jobs.length / 2);
      // The server is alive, and the watcher kept receiving the host's comments throughout.
      expect(value(await watcher.emitWithAck('server:ping', {})).serverTime).toBeGreaterThan(0);
      await expect
        .poll(() => received.filter((t) => t.startsWith('heartbeat')).length, { timeout: 5000 })
        .toBeGreaterThanOrEqual(heartbeat - 1);
      expect(watcher.connected).toBe(true);
      console.log(
        `[fuzz] seed ${seed}: ${jobs.length} payloads, ${answered} typed answers, ${closedByLimit} reconnects after over-limit frames`,
      );
    },
  );
});
