// The replay against a real backend, on SQLite and on PostgreSQL: a host streams (the recorder stands in with
// a real WebM file), viewers comment (Chinese too) and buy, the host pins two products and marks a moment,
// captions come in two languages, the host ends: the replay is ready within its target, its segment GMV is
// what the orders table holds, the exports parse, search finds Chinese; and every way in without the
// right is refused (another host, a viewer, an analyst outside replays, forged, moved and expired tickets).
// A stream whose backend was killed: replay-partial.test.ts.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caption } from '../../core/protocol/captions';
import {
  MINUTES_CSV_COLUMNS,
  REPLAY_READY_TARGET_MS,
  REPLAY_TICKET_TTL_MS,
  SEGMENTS_CSV_COLUMNS,
  type ReplayDetail,
} from '../../core/protocol/replay';
import type { Backend } from '../../server/backend';
import { ReplayTickets } from '../../server/replay/tickets';
import { ev, track } from '../support/analytics-clients';
import { quietLogger } from '../support/quiet-logger';
import { parseCsv } from '../support/csv-read';
import { buy, fakeRecordings, liveRoom, makeTestWebm, parseVtt } from '../support/replay-fixtures';
import { connectAs, connectViewer, testToken, value, type RoomSocket } from '../support/room-clients';
import { backendOnStore, postgresReachable } from '../support/services';
import { TEST_TOKEN_SECRET } from '../support/test-secret';

const pgSkip = await postgresReachable();
if (pgSkip) console.warn(`[replay] PostgreSQL run skipped: ${pgSkip}`);
const webm = makeTestWebm();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The studio's captions clock: it starts with the stream, on the host's side. */
let captionsStartedAt = 0;
const sent: Caption[] = [];
/** A caption of speech that ended 100 ms ago on the captions clock. */
const caption = (id: string, lang: string, text: string, final = true): Caption => {
  const c: Caption = {
    id,
    lang,
    text,
    final,
    startMs: Date.now() - captionsStartedAt - 1300,
    endMs: Date.now() - captionsStartedAt - 100,
    emittedAt: Date.now(),
    source: lang === 'zh-CN',
    terms: [],
    engine: 'local',
  };
  sent.push(c);
  return c;
};

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && pgSkip !== null)(`replay on a ${kind} backend`, () => {
    let backend: Backend;
    let close = async (): Promise<void> => undefined;
    const opened: RoomSocket[] = [];
    const recorded = new Set<string>();
    const recordings = fakeRecordings(webm, recorded);
    const hostSub = `host-${randomUUID()}`;
    let roomId = '';
    let detail: ReplayDetail;
    let endedAt = 0;
    let readyAt = 0;

    beforeAll(async () => {
      ({ backend, close } = await backendOnStore(kind, {
        logger: quietLogger,
        media: false,
        recording: { enabled: false },
        replayRecordings: recordings,
      }));
    });
    afterAll(async () => {
      opened.forEach((s) => s.disconnect());
      await close();
    });

    it(
      'is ready within its target after the stream ends, with segments, markers and captions',
      { timeout: 90_000 },
      async () => {
        const { host, room, hostKey, scarf, hat } = await liveRoom(backend.url, opened, hostSub);
        roomId = room.id;
        captionsStartedAt = Date.now();
        recorded.add(roomId);
        const analyst = await connectAs(
          backend.url,
          { role: 'analyst', token: testToken('analyst', undefined, 'analyst-0001') },
          opened,
        );
        const states: string[] = [];
        analyst.on('replay:state', (e) => e.roomId === roomId && states.push(e.state));
        expect(value(await analyst.emitWithAck('replay:get', { roomId })).item.state).toBe('live');

        const viewers = await Promise.all(
          [0, 1, 2].map(async () => {
            const v = await connectViewer(backend.url, roomId, opened);
            value(await v.emitWithAck('room:join', { roomId }));
            value(await track(v, roomId, [ev({ type: 'presence', state: 'join' })], 'zh-CN'));
            return v;
          }),
        );
        const [ana, bo, cy] = viewers as [RoomSocket, RoomSocket, RoomSocket];
        value(await host.emitWithAck('product:pin', { roomId, productId: scarf.id }));
        await sleep(30);
        value(await track(ana, roomId, [ev({ type: 'impression', productId: scarf.id })], 'zh-CN'));
        value(await track(ana, roomId, [ev({ type: 'click', productId: scarf.id, target: 'buy' })], 'zh-CN'));
        value(
          await ana.emitWithAck('comment:send', { roomId, text: '这条围巾多少钱', clientId: 'ana-000001' }),
        );
        value(
          await bo.emitWithAck('comment:send', { roomId, text: '这条围巾多少钱？', clientId: 'bo-0000001' }),
        );
        value(
          await cy.emitWithAck('comment:send', { roomId, text: 'love the colour!', clientId: 'cy-0000001' }),
        );
        await buy(ana, roomId, scarf.id, 2);
        await buy(bo, roomId, scarf.id);
        const mark = {
          id: randomUUID(),
          roomId,
          type: 'analytics.mark',
          payload: { hostKey, label: 'first drop', at: Date.now() },
        };
        expect(value(await host.emitWithAck('outbox:push', { events: [mark] })).acked).toEqual([mark.id]);
        await sleep(1500); // speech, recognised
        value(
          await host.emitWithAck('caption:publish', {
            roomId,
            hostKey,
            captions: [
              caption('u1', 'zh-CN', '大家好，今天的围巾特价'),
              caption('u1', 'en', 'Hello everyone, the scarf is on sale today'),
              caption('u2', 'zh-CN', '还没说完', false), // a partial: never stored
            ],
          }),
        );
        await sleep(30);
        value(await host.emitWithAck('product:pin', { roomId, productId: hat.id }));
        await sleep(30);
        await buy(cy, roomId, hat.id, 3);
        await buy(ana, roomId, scarf.id); // the scarf, bought while the hat is pinned: not the scarf's segment
        value(
          await host.emitWithAck('caption:publish', {
            roomId,
            hostKey,
            captions: [caption('u2', 'zh-CN', '帽子也很好看'), caption('u2', 'en', 'The hat looks good too')],
          }),
        );
        await sleep(600); // the caption archive writes every 500 ms

        endedAt = Date.now();
        value(await host.emitWithAck('live:end', { roomId }));
        await expect
          .poll(() => states.at(-1), { timeout: REPLAY_READY_TARGET_MS, interval: 200 })
          .toBe('ready');
        readyAt = Date.now();
        expect(states).toEqual(['finishing', 'ready']);
        expect(readyAt - endedAt).toBeLessThanOrEqual(REPLAY_READY_TARGET_MS);
        console.log(`[replay ${kind}] ready ${readyAt - endedAt} ms after the end`);

        detail = value(await analyst.emitWithAck('replay:get', { roomId }));
        expect(detail.item).toMatchObject({
          state: 'ready',
          orders: 4,
          gmv: { USD: 2 * 1500 + 1500 + 3 * 900 + 1500 },
          recorded: true,
        });
        expect(detail.item.peakOnline).toBe(3);
        expect(detail.item.comments).toBe(3);
        expect(detail.segments.map((s) => [s.productId, s.title, s.orders])).toEqual([
          [scarf.id, '围巾', 2],
          [hat.id, '帽子', 1],
        ]);
        expect(detail.segments[0]!.topQuestions).toEqual([{ text: '这条围巾多少钱', count: 2 }]);
        expect(detail.segments[0]).toMatchObject({ impressions: 1, clicks: 1, buyers: 2 });
        const kinds = detail.markers.map((m) => m.kind);
        expect(kinds.filter((k) => k === 'pin')).toHaveLength(2);
        expect(detail.markers.find((m) => m.kind === 'mark')).toMatchObject({ label: 'first drop' });
        expect(detail.captions).toEqual([
          { lang: 'en', lines: 2, source: false, engine: 'local' },
          { lang: 'zh-CN', lines: 2, source: true, engine: 'local' },
        ]);
        expect(detail.highlights.some((h) => h.kind === 'orders')).toBe(true);
        expect(detail.recording.segments[0]!.url).toMatch(/^\/api\/replay\/.+\/segments\/0\.webm\?t=/);
      },
    );

    it('gives each segment the GMV the orders table holds for its product and pin period', async () => {
      const orders = await backend.store.orders.list(roomId);
      const start = detail.item.liveStartedAt;
      for (const s of detail.segments) {
        const sum = orders
          .filter(
            (o) =>
              o.productId === s.productId && o.createdAt >= start + s.fromMs && o.createdAt < start + s.toMs,
          )
          .reduce((n, o) => n + o.amountMinor, 0);
        expect(s.gmv.USD).toBe(sum);
      }
      expect(detail.segments[0]!.gmv.USD).toBe(3 * 1500);
    });

    it('serves the transcript, comments by stream time and Chinese search with its time', async () => {
      const host = await connectAs(
        backend.url,
        { role: 'host', token: testToken('host', undefined, hostSub) },
        opened,
      );
      const zh = value(await host.emitWithAck('replay:transcript', { roomId, lang: 'zh-CN' }));
      expect(zh.map((l) => l.text)).toEqual(['大家好，今天的围巾特价', '帽子也很好看']);
      // One shift maps the captions clock onto the stream: the gaps between lines are kept exactly, and no
      // line ends after the stream did.
      const sentZh = sent.filter((c) => c.lang === 'zh-CN' && c.final).slice(-2); // this store's
      expect(zh[1]!.startMs - zh[0]!.startMs).toBe(
        Math.round(sentZh[1]!.startMs) - Math.round(sentZh[0]!.startMs),
      );
      for (const l of zh) expect(l.endMs).toBeLessThanOrEqual(detail.item.durationMs);
      const comments = value(
        await host.emitWithAck('replay:comments', { roomId, fromMs: 0, toMs: 7 * 24 * 3600_000 }),
      );
      expect(comments.map((c) => c.text)).toContain('这条围巾多少钱？');
      expect(comments.find((c) => c.text === '这条围巾多少钱')!.intents).toContain('question');
      const found = value(await host.emitWithAck('replay:search', { roomId, q: '围巾' }));
      expect(found.total).toBe(3); // two comments, one caption
      const hit = found.hits.find((h) => h.kind === 'comment')!;
      expect(hit.t).toBe(comments.find((c) => c.id === hit.id)!.t);
      expect(value(await host.emitWithAck('replay:search', { roomId, q: 'SCARF' })).hits).toMatchObject([
        { kind: 'caption', lang: 'en' },
      ]);
      const list = value(await host.emitWithAck('replay:list', {}));
      expect(list.map((i) => i.roomId)).toEqual([roomId]);
    });

    it('exports CSVs with their columns, WebVTT and SRT labelled AI-generated, JSON, and seekable video', async () => {
      const ops = await connectAs(backend.url, { role: 'ops' }, opened);
      const exp = value(await ops.emitWithAck('replay:exports', { roomId }));
      expect(exp.expiresAt).toBeGreaterThan(Date.now() + REPLAY_TICKET_TTL_MS - 60_000);
      const get = (u: string, init?: RequestInit) => fetch(new URL(u, backend.url), init);
      const minutes = await get(exp.files['minutes.csv']);
      expect(minutes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(minutes.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
      expect(minutes.headers.get('x-content-type-options')).toBe('nosniff');
      const mrows = parseCsv(await minutes.text());
      expect(mrows[0]).toEqual([...MINUTES_CSV_COLUMNS]);
      const gmvCol = MINUTES_CSV_COLUMNS.indexOf('gmv_minor');
      expect(mrows.slice(1).reduce((n, r) => n + Number(r[gmvCol]), 0)).toBe(detail.item.gmv.USD);
      const srows = parseCsv(await (await get(exp.files['segments.csv'])).text());
      expect(srows[0]).toEqual([...SEGMENTS_CSV_COLUMNS]);
      expect(srows.slice(1).map((r) => r[SEGMENTS_CSV_COLUMNS.indexOf('title')])).toEqual(['围巾', '帽子']);
      const events = await get(exp.files['events.json']);
      expect(events.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const json = (await events.json()) as { comments: unknown[]; captions: unknown[]; markers: unknown[] };
      expect([json.comments.length, json.captions.length]).toEqual([3, 4]);

      const vttRes = await get(exp.captions['zh-CN']!.vtt);
      expect(vttRes.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
      const vtt = parseVtt(await vttRes.text());
      expect(vtt.notes[0]).toContain('AI-generated');
      expect(vtt.notes[0]).toContain('local');
      expect(vtt.cues.map((c) => c.text)).toEqual(['大家好，今天的围巾特价', '帽子也很好看']);
      const srtRes = await get(exp.captions.en!.srt);
      expect(srtRes.headers.get('content-type')).toBe('application/x-subrip; charset=utf-8');
      const srt = (await srtRes.text()).split('\r\n\r\n').filter(Boolean);
      expect(srt).toHaveLength(3);
      expect(srt[0]).toMatch(/^1\r\n00:00:00,000 --> \d{2}:\d{2}:\d{2},\d{3}\r\nAI-generated/);
      expect(srt[1]).toMatch(/^2\r\n\d{2}:\d{2}:\d{2},\d{3} --> .*\r\nHello everyone/);

      const video = detail.recording.segments[0]!.url!;
      const full = await get(video);
      expect([full.status, full.headers.get('content-type'), full.headers.get('accept-ranges')]).toEqual([
        200,
        'video/webm',
        'bytes',
      ]);
      const size = (await full.arrayBuffer()).byteLength;
      const part = await get(video, { headers: { range: 'bytes=100-199' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
      expect((await part.arrayBuffer()).byteLength).toBe(100);
      expect((await get(video, { headers: { range: `bytes=${size}-` } })).status).toBe(416);

      const clip = value(await ops.emitWithAck('replay:clip', { roomId, fromMs: 1000, toMs: 4000 }));
      expect(clip).toMatchObject({ fromMs: 1000, toMs: 4000, bytes: size });
      const clipRes = await get(clip.url);
      expect([clipRes.status, clipRes.headers.get('content-type')]).toEqual([200, 'video/webm']);
      expect(clipRes.headers.get('content-disposition')).toMatch(/^attachment;/);
    });

    it('refuses another host, viewers, analysts outside replays, and forged, moved or expired tickets', async () => {
      const other = await liveRoom(backend.url, opened, `host-${randomUUID()}`);
      const forbidden = { ok: false, error: { code: 'forbidden' } };
      expect(await other.host.emitWithAck('replay:get', { roomId })).toMatchObject(forbidden);
      expect(await other.host.emitWithAck('replay:exports', { roomId })).toMatchObject(forbidden);
      expect(await other.host.emitWithAck('replay:search', { roomId, q: '围巾' })).toMatchObject(forbidden);
      expect(value(await other.host.emitWithAck('replay:list', {})).map((i) => i.roomId)).toEqual([
        other.room.id,
      ]);
      const viewer = await connectViewer(backend.url, roomId, opened);
      expect(await viewer.emitWithAck('replay:list', {})).toMatchObject(forbidden);
      expect(await viewer.emitWithAck('replay:get', { roomId })).toMatchObject(forbidden);
      const analyst = await connectAs(
        backend.url,
        { role: 'analyst', token: testToken('analyst', undefined, 'analyst-0002') },
        opened,
      );
      expect(value(await analyst.emitWithAck('replay:list', {})).map((i) => i.roomId)).toEqual([
        other.room.id,
        roomId,
      ]);
      expect(await analyst.emitWithAck('room:join', { roomId: other.room.id })).toMatchObject(forbidden);
      expect(await analyst.emitWithAck('ops:board', {})).toMatchObject(forbidden);
      expect(
        await analyst.emitWithAck('comment:send', { roomId, text: 'hi', clientId: 'an-0000001' }),
      ).toMatchObject(forbidden);
      expect(await analyst.emitWithAck('replay:get', { roomId: 'no-such-room' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });

      const ops = await connectAs(backend.url, { role: 'ops' }, opened);
      const exp = value(await ops.emitWithAck('replay:exports', { roomId }));
      const status = async (u: string) => (await fetch(new URL(u, backend.url))).status;
      const url = new URL(exp.files['minutes.csv'], backend.url);
      const ticket = url.searchParams.get('t')!;
      expect(await status(url.pathname)).toBe(403); // no ticket
      const flipped = ticket.slice(0, -2) + (ticket.endsWith('AA') ? 'BB' : 'AA');
      expect(await status(`${url.pathname}?t=${flipped}`)).toBe(403); // forged
      const [exp0, mac] = ticket.split('.');
      expect(await status(`${url.pathname}?t=${Number(exp0) + 3_600_000}.${mac}`)).toBe(403); // extended
      expect(await status(`${url.pathname.replace(roomId, other.room.id)}?t=${ticket}`)).toBe(403); // room B
      expect(await status(`${url.pathname.replace('minutes.csv', 'events.json')}?t=${ticket}`)).toBe(403); // file
      const stale = new ReplayTickets(TEST_TOKEN_SECRET, () => Date.now() - 2 * REPLAY_TICKET_TTL_MS);
      const expired = await fetch(new URL(stale.url(roomId, 'exports/minutes.csv'), backend.url));
      expect([expired.status, await expired.text()]).toEqual([
        403,
        'This link has expired: open the replay again',
      ]);
      const fresh = new ReplayTickets(TEST_TOKEN_SECRET);
      expect(await status(fresh.url(roomId, 'exports/minutes.csv'))).toBe(200);
      expect(await status(fresh.url(roomId, 'exports/passwd'))).toBe(404);
      expect(await status(`/api/replay/${roomId}/exports/..%2F..%2Fetc%2Fpasswd?t=${ticket}`)).toBe(403);
    });
  });
}
