// Test support for the replay: a live room with two products and a buyer's order, a real WebM file (FFmpeg's test pattern, VP8 + Opus), a stand-in for the
// recorder that speaks RecordingsApi and points every recorded room at that file, and small readers for the
// exported CSV and WebVTT (written for the tests, so a writer bug is not read back by the same code).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RecordingsApi, StoredSegment } from '../../server/media-out/recording-api';
import { connectAs, testToken, value, type RoomSocket } from './room-clients';

/** A 6 s WebM of the test pattern with a tone; made once per test file. */
export function makeTestWebm(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lb-replay-webm-')), 'x.webm');
  execFileSync(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15'],
      ...['-f', 'lavfi', '-i', 'sine', '-t', '6'],
      ...['-c:v', 'libvpx', '-c:a', 'libopus', file],
    ],
    { stdio: 'ignore' },
  );
  return file;
}

/** What the recorder would say about rooms in `recorded`: one finished segment each, the given file. */
export function fakeRecordings(file: string, recorded: Set<string>): RecordingsApi & { clips: number } {
  const api = {
    clips: 0,
    status: (roomId: string) => ({
      roomId,
      state: recorded.has(roomId) ? ('stopped' as const) : ('off' as const),
      reason: recorded.has(roomId) ? null : 'not recorded in this test',
      segments: recorded.has(roomId) ? 1 : 0,
      at: Date.now(),
    }),
    segments: async (roomId: string): Promise<StoredSegment[]> =>
      recorded.has(roomId)
        ? [{ roomId, seq: 0, startMs: 0, endMs: 6000, reason: 'start', hasVideo: true, hasAudio: true, file }]
        : [],
    gaps: async () => [],
    finalized: async () => true,
    clip: async (_roomId: string, fromMs: number, toMs: number) => {
      api.clips += 1;
      return { file, bytes: statSync(file).size, fromMs, toMs };
    },
    cpuSeconds: () => 0,
  };
  return api;
}

const VTT_TIME = /^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})/;

/** WebVTT by the spec's outline: the WEBVTT line, then blocks split by blank lines: NOTE or cue. */
export function parseVtt(text: string): {
  notes: string[];
  cues: { start: number; end: number; text: string }[];
} {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  if (!/^WEBVTT( |\t|$)/.test(blocks[0] ?? '')) throw new Error('not WebVTT: no WEBVTT header');
  const notes: string[] = [];
  const cues: { start: number; end: number; text: string }[] = [];
  const ms = (h: string, m: string, s: string, f: string) => ((+h * 60 + +m) * 60 + +s) * 1000 + +f;
  for (const raw of blocks.slice(1)) {
    const block = raw.replace(/\n+$/, '');
    if (!block.trim()) continue;
    if (block.startsWith('NOTE')) {
      notes.push(block);
      continue;
    }
    const lines = block.split('\n');
    const timing = VTT_TIME.test(lines[0]!) ? 0 : 1;
    const m = VTT_TIME.exec(lines[timing] ?? '');
    if (!m) throw new Error(`a cue without timing: ${block}`);
    const [, h1, m1, s1, f1, h2, m2, s2, f2] = m as unknown as string[];
    cues.push({
      start: ms(h1!, m1!, s1!, f1!),
      end: ms(h2!, m2!, s2!, f2!),
      text: lines.slice(timing + 1).join('\n'),
    });
  }
  return { notes, cues };
}

/** A host (with its own subject) whose room is live with two products. */
export async function liveRoom(url: string, opened: RoomSocket[], sub: string) {
  const host = await connectAs(url, { role: 'host', token: testToken('host', undefined, sub) }, opened);
  const { room, hostKey } = value(
    await host.emitWithAck('room:create', { title: '围巾 sale', hostLanguage: 'zh-CN' }),
  );
  value(await host.emitWithAck('live:start', { roomId: room.id }));
  const product = async (en: string, zh: string, price: number) =>
    value(
      await host.emitWithAck('product:upsert', {
        roomId: room.id,
        titles: { en, 'zh-CN': zh },
        prices: { USD: price },
        stock: 50,
      }),
    );
  return {
    host,
    room,
    hostKey,
    scarf: await product('Scarf', '围巾', 1500),
    hat: await product('Hat', '帽子', 900),
  };
}

export async function buy(v: RoomSocket, roomId: string, productId: string, quantity = 1) {
  return value(
    await v.emitWithAck('order:place', {
      roomId,
      productId,
      quantity,
      currency: 'USD',
      idempotencyKey: `k-${randomUUID()}`,
    }),
  );
}
