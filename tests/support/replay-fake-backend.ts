// A stand-in for the replay backend, for the replay page's own end-to-end test: a real socket.io Server that
// speaks the contract (core/protocol/replay.ts, the replay:* events, Result acks) with fixture streams, the
// page bundle served as the backend serves it (same CSP), and real WebM recordings made by FFmpeg whose
// frames carry the test pattern's timestamp code (the stream time plus STAMP_BASE), served with Range
// support. The real backend's replay is tested by its own integration tests; this proves the page.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sirv from 'sirv';
import { Server } from 'socket.io';
import { codeCell, encodeTimestamp } from '../../core/media/timestamp-code';
import type {
  ReplayComment,
  ReplayDetail,
  ReplayListItem,
  SearchHit,
  TranscriptLine,
} from '../../core/protocol/replay';
import { fail, ok } from '../../core/protocol/result';
import { buildCsp } from '../../core/security/csp';
import { RENDERER_OUT } from '../../scripts/lib/paths';

export const REPLAY_TOKEN = 'analyst-test-token';
/** Frames carry STAMP_BASE + stream ms (a wall-clock-like value, as the live test pattern paints). */
export const STAMP_BASE = 1_760_000_000_000;
const FPS = 15;
const W = 480;
const H = 270;

/** A WebM (VP8) of `seconds` at FPS whose frame i shows the code of stream time `startMs + i / FPS`. */
export async function makeCodedWebm(file: string, startMs: number, seconds: number): Promise<void> {
  const ff = spawn('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${W}x${H}`,
    '-r',
    String(FPS),
    '-i',
    '-',
    '-c:v',
    'libvpx',
    '-b:v',
    '2M',
    '-g',
    String(FPS),
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    file,
  ]);
  let stderr = '';
  ff.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<void>((resolve, reject) =>
    ff.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${code}: ${stderr}`)))),
  );
  for (let i = 0; i < seconds * FPS; i++) {
    const frame = Buffer.alloc(W * H * 3, 60 + ((i * 7) % 120));
    encodeTimestamp(STAMP_BASE + startMs + Math.round((i * 1000) / FPS)).forEach((bit, c) => {
      const cell = codeCell(c, W, H);
      for (let y = Math.floor(cell.y); y < Math.ceil(cell.y + cell.h); y++)
        for (let x = Math.floor(cell.x); x < Math.min(W, Math.ceil(cell.x + cell.w)); x++)
          frame.fill(bit ? 255 : 0, (y * W + x) * 3, (y * W + x) * 3 + 3);
    });
    if (!ff.stdin.write(frame)) await new Promise((r) => ff.stdin.once('drain', r));
  }
  ff.stdin.end();
  await done;
}

const mood = { pos: 6, neu: 3, neg: 1 };
const item = (roomId: string, over: Partial<ReplayListItem>): ReplayListItem => ({
  roomId,
  title: roomId,
  hostLanguage: 'zh-CN',
  state: 'ready',
  liveStartedAt: Date.UTC(2026, 10, 1, 12),
  endedAt: Date.UTC(2026, 10, 1, 12) + 14_000,
  durationMs: 14_000,
  gmv: { USD: 12_345 },
  orders: 7,
  peakOnline: 42,
  comments: 10,
  mood,
  recorded: true,
  ...over,
});

export const TRANSCRIPT: Record<string, TranscriptLine[]> = {
  'zh-CN': [
    { id: 'l1', lang: 'zh-CN', startMs: 1000, endMs: 3000, text: '大家好，欢迎来到直播间' },
    { id: 'l2', lang: 'zh-CN', startMs: 4200, endMs: 5800, text: '这顶帽子今天特价' },
    { id: 'l3', lang: 'zh-CN', startMs: 9500, endMs: 12000, text: '<b>不是标记</b> 只是文字' },
  ],
  en: [
    { id: 'e1', lang: 'en', startMs: 1000, endMs: 3000, text: 'Hello everyone, welcome' },
    { id: 'e2', lang: 'en', startMs: 4200, endMs: 5800, text: 'This hat is on sale today' },
    { id: 'e3', lang: 'en', startMs: 9500, endMs: 12000, text: '<b>not markup</b> just text' },
  ],
};

export const COMMENTS: ReplayComment[] = [
  { id: 'c1', t: 2000, handle: 'v1', text: 'first!', lang: 'en', sentiment: 'neu', intents: [] },
  { id: 'c2', t: 3500, handle: 'v2', text: '好看的弹幕', lang: 'zh-CN', sentiment: 'pos', intents: [] },
  { id: 'c3', t: 4800, handle: 'v3', text: 'how much?', lang: 'en', sentiment: 'neu', intents: ['question'] },
  { id: 'c4', t: 10_500, handle: 'v4', text: '太贵了', lang: 'zh-CN', sentiment: 'neg', intents: [] },
  {
    id: 'c5',
    t: 12_000,
    handle: 'v5',
    text: '<img src=x onerror=alert(1)>',
    lang: null,
    sentiment: null,
    intents: [],
  },
];

function detail(it: ReplayListItem, segments: boolean): ReplayDetail {
  const minutes = [
    { t: 0, online: 42, comments: 5, sentiment: { pos: 3, neu: 1, neg: 1 }, orders: 7, gmv: { USD: 12_345 } },
  ];
  return {
    item: it,
    minutes,
    markers: [
      { kind: 'pin', t: 4000, endT: 9000, label: 'Hat', productId: 'p1' },
      { kind: 'mark', t: 10_000, endT: null, label: 'Big moment' },
      { kind: 'gap', t: 6000, endT: 8000, label: 'worker_restart' },
    ],
    segments: [
      {
        productId: 'p1',
        title: 'Hat',
        fromMs: 4000,
        toMs: 9000,
        durationMs: 5000,
        impressions: 30,
        clicks: 9,
        orders: 7,
        buyers: 6,
        gmv: { USD: 12_345 },
        gpm: { USD: 411_500 },
        conversion: 0.2,
        ctr: 0.3,
        mood,
        topQuestions: [{ text: 'how much?', count: 3 }],
      },
    ],
    highlights: [
      { kind: 'orders', t: 5000, fromMs: 3000, toMs: 8000, count: 7, label: 'Hat orders' },
      { kind: 'comments', t: 10_500, fromMs: 9000, toMs: 12_000, count: 4, label: 'Comment burst' },
    ],
    recording: segments
      ? {
          status: { roomId: it.roomId, state: 'stopped', reason: null, segments: 2, at: 0 },
          segments: [
            {
              seq: 1,
              startMs: 0,
              endMs: 6000,
              reason: 'start',
              hasVideo: true,
              hasAudio: false,
              url: '/media/s1.webm',
            },
            {
              seq: 2,
              startMs: 8000,
              endMs: 14_000,
              reason: 'worker_restart',
              hasVideo: true,
              hasAudio: false,
              url: '/media/s2.webm',
            },
          ],
          gaps: [{ fromMs: 6000, toMs: 8000, reason: 'worker_restart' }],
        }
      : {
          status: {
            roomId: it.roomId,
            state: 'off',
            reason: 'FFmpeg not found: install ffmpeg',
            segments: 0,
            at: 0,
          },
          segments: [],
          gaps: [],
        },
    captions: [
      { lang: 'zh-CN', lines: 3, source: true, engine: 'local' },
      { lang: 'en', lines: 3, source: false, engine: 'local' },
    ],
    readyAt: it.state === 'ready' ? it.endedAt : null,
  };
}

export interface FakeReplayBackend {
  url: string;
  /** Pushes `replay:state` to every connection watching `roomId`. */
  setState(roomId: string, state: ReplayListItem['state']): void;
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeReplayBackend(): Promise<FakeReplayBackend> {
  const media = mkdtempSync(path.join(os.tmpdir(), 'replay-media-'));
  await Promise.all([
    makeCodedWebm(path.join(media, 's1.webm'), 0, 6),
    makeCodedWebm(path.join(media, 's2.webm'), 8000, 6),
  ]);
  const items = new Map<string, ReplayListItem>([
    ['r-ready', item('r-ready', { title: 'Spring hats' })],
    [
      'r-finishing',
      item('r-finishing', {
        title: 'Scarves',
        state: 'finishing',
        liveStartedAt: Date.UTC(2026, 10, 2),
        endedAt: Date.now(),
      }),
    ],
    [
      'r-norec',
      item('r-norec', { title: 'Audio only', recorded: false, liveStartedAt: Date.UTC(2026, 9, 1) }),
    ],
  ]);
  const pages = sirv(RENDERER_OUT, { dev: false });
  const files = sirv(media, { dev: false });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname.startsWith('/socket.io/')) return;
    res.setHeader('Content-Security-Policy', buildCsp());
    if (url.pathname.startsWith('/media/')) {
      req.url = url.pathname.slice('/media'.length);
      return files(req, res, () => void res.writeHead(404).end());
    }
    if (url.pathname === '/replay') req.url = '/replay.html';
    pages(req, res, () => void res.writeHead(404).end());
  });
  const io = new Server(server);
  const requests: string[] = [];
  io.use((socket, next) =>
    (socket.handshake.auth as { token?: string }).token === REPLAY_TOKEN
      ? next()
      : next(new Error('unauthenticated')),
  );
  io.on('connection', (socket) => {
    const handle = (event: string, fn: (input: Record<string, unknown>) => unknown) =>
      socket.on(event, (input: Record<string, unknown>, ack: (r: unknown) => void) => {
        requests.push(event);
        try {
          ack(ok(fn(input)));
        } catch (error) {
          ack(fail('not_found', (error as Error).message));
        }
      });
    const find = (roomId: unknown) => {
      const it = items.get(String(roomId));
      if (!it) throw new Error(`no stream ${String(roomId)}`);
      return it;
    };
    handle('replay:list', () => [...items.values()].sort((a, b) => b.liveStartedAt - a.liveStartedAt));
    handle('replay:get', ({ roomId }) => {
      void socket.join(`replay:${String(roomId)}`);
      const it = find(roomId);
      return detail(it, it.recorded);
    });
    handle('replay:unwatch', ({ roomId }) => {
      void socket.leave(`replay:${String(roomId)}`);
      return true;
    });
    handle('replay:transcript', ({ lang }) => TRANSCRIPT[String(lang)] ?? []);
    handle('replay:comments', ({ fromMs, toMs }) =>
      COMMENTS.filter((c) => c.t >= Number(fromMs) && c.t <= Number(toMs)),
    );
    handle('replay:search', ({ q }) => {
      const needle = String(q).toLowerCase();
      const hits: SearchHit[] = [
        ...Object.values(TRANSCRIPT)
          .flat()
          .filter((l) => l.text.toLowerCase().includes(needle))
          .map((l) => ({ kind: 'caption' as const, id: l.id, t: l.startMs, text: l.text, lang: l.lang })),
        ...COMMENTS.filter((c) => c.text.toLowerCase().includes(needle)).map((c) => ({
          kind: 'comment' as const,
          id: c.id,
          t: c.t,
          text: c.text,
          lang: c.lang,
        })),
      ].sort((a, b) => a.t - b.t);
      return { hits, total: hits.length };
    });
    handle('replay:exports', ({ roomId }) => ({
      files: {
        'minutes.csv': `/media/${String(roomId)}-minutes.csv`,
        'segments.csv': `/media/${String(roomId)}-segments.csv`,
        'events.json': `/media/${String(roomId)}-events.json`,
      },
      captions: {
        'zh-CN': { vtt: '/media/zh.vtt', srt: '/media/zh.srt' },
        en: { vtt: '/media/en.vtt', srt: '/media/en.srt' },
      },
      expiresAt: Date.now() + 30 * 60_000,
    }));
    socket.on('replay:clip', (input: { fromMs: number; toMs: number }, ack: (r: unknown) => void) => {
      requests.push('replay:clip');
      // The comment burst's clip fails, as a backend without FFmpeg says.
      setTimeout(
        () =>
          ack(
            input.fromMs === 9000
              ? fail('unavailable', 'FFmpeg not found: install ffmpeg')
              : ok({ url: '/media/s1.webm', fromMs: input.fromMs, toMs: input.toMs, bytes: 2_500_000 }),
          ),
        400,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setState(roomId, state) {
      const it = find(roomId);
      it.state = state;
      io.to(`replay:${roomId}`).emit('replay:state', {
        roomId,
        state,
        readyAt: state === 'ready' ? Date.now() : null,
      });
      function find(id: string) {
        const found = items.get(id);
        if (!found) throw new Error(`no stream ${id}`);
        return found;
      }
    },
    async close() {
      // Closes the HTTP server too.
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      rmSync(media, { recursive: true, force: true });
    },
  };
}
