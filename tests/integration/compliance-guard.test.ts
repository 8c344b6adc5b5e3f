// The compliance guard against a real backend (socket.io, SQLite): the host's source caption, growing through
// its partials, is one violation whose flags grow, sent to the host and never to a viewer; a translation is
// not checked (the spoken words are); the stream's markets follow the viewers (a Spanish viewer adds the EU)
// and the host's choices; a product title and a host comment are checked when saved; a viewer can neither
// read the warnings nor change the markets; an acknowledgement is stored.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Caption } from '../../core/protocol/captions';
import type { ComplianceViolation, RoomMarkets } from '../../core/protocol/compliance';
import { ev, track } from '../support/analytics-clients';
import { startBackend } from '../../server/backend';
import { suiteBackend } from '../support/suite-backend';
import { connectAs, connectViewer, testToken, value, type RoomSocket } from '../support/room-clients';

const SAID = '这款洗发水是国家级配方，还能根治脱发';

const caption = (id: string, text: string, over: Partial<Caption> = {}): Caption => ({
  id,
  lang: 'zh-CN',
  text,
  final: false,
  startMs: 0,
  endMs: 1000,
  emittedAt: Date.now(),
  source: true,
  terms: [],
  ...over,
});

describe('compliance guard', () => {
  const suite = suiteBackend();
  const opened = suite.opened;

  async function liveRoom() {
    const host = await connectAs(suite.backend.url, { role: 'host' }, opened);
    const { room, hostKey } = value(
      await host.emitWithAck('room:create', { title: 'Shampoo', hostLanguage: 'zh-CN' }),
    );
    value(await host.emitWithAck('live:start', { roomId: room.id }));
    const warnings: ComplianceViolation[] = [];
    const markets: RoomMarkets[] = [];
    host.on('compliance:violation', (v) => warnings.push(v));
    host.on('compliance:markets', (m) => markets.push(m));
    const publish = (...captions: Caption[]) =>
      host.emitWithAck('caption:publish', { roomId: room.id, hostKey, captions });
    return { host, roomId: room.id, warnings, markets, publish };
  }

  it('flags the spoken words for the host only, one violation per sentence however many partials', async () => {
    const { host, roomId, warnings, publish } = await liveRoom();
    const viewer = await connectViewer(suite.backend.url, roomId, opened);
    value(await viewer.emitWithAck('room:join', { roomId }));
    const leaked: unknown[] = [];
    viewer.on('compliance:violation', (v) => leaked.push(v));
    viewer.on('compliance:markets', (m) => leaked.push(m));

    // The partial has the absolute term; the final adds the medical claim; a translation is not checked.
    value(await publish(caption('utt-1', '这款洗发水是国家级配方')));
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]!.flags.map((f) => f.category)).toEqual(['absolute_term']);
    value(
      await publish(
        caption('utt-1', SAID, { final: true }),
        caption('utt-1', 'This shampoo is national-grade and cures hair loss', { lang: 'es', source: false }),
      ),
    );
    await expect.poll(() => warnings.length).toBe(2);
    const grown = warnings[1]!;
    expect(grown.id).toBe(warnings[0]!.id);
    expect(grown.level).toBe(2);
    expect(grown.text).toBe(SAID);
    expect(new Set(grown.flags.map((f) => f.category))).toEqual(new Set(['absolute_term', 'medical_claim']));
    for (const f of grown.flags) {
      expect(f.market).toBe('CN');
      expect(f.citation.length).toBeGreaterThan(5);
      expect(f.rephrase.length).toBeGreaterThan(0);
      expect(SAID).toContain(f.words);
    }
    // The same final again is not news.
    value(await publish(caption('utt-1', SAID, { final: true })));
    // Everyday words are no violation.
    value(await publish(caption('utt-2', '最近第一次来直播间的朋友，欢迎', { final: true })));
    await new Promise((r) => setTimeout(r, 300));
    expect(warnings).toHaveLength(2);

    const stored = value(await host.emitWithAck('compliance:list', { roomId }));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.flags).toHaveLength(grown.flags.length);
    // A viewer cannot read them, acknowledge them or change the markets.
    expect(await viewer.emitWithAck('compliance:list', { roomId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await viewer.emitWithAck('compliance:ack', { roomId, violationId: grown.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await viewer.emitWithAck('compliance:markets:set', { roomId, home: 'US' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // The host acknowledges: stored once, with its time.
    const acked = value(await host.emitWithAck('compliance:ack', { roomId, violationId: grown.id }));
    expect(acked.acknowledgedAt).toBeGreaterThan(0);
    const again = value(await host.emitWithAck('compliance:ack', { roomId, violationId: grown.id }));
    expect(again.acknowledgedAt).toBe(acked.acknowledgedAt);
    expect(await host.emitWithAck('compliance:ack', { roomId, violationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(leaked).toEqual([]);
  });

  it('follows the viewers and the host into markets: a Spanish viewer adds the EU, exclusion removes it', async () => {
    const { host, roomId, markets } = await liveRoom();
    const first = value(await host.emitWithAck('compliance:markets', { roomId }));
    expect(first.home).toBe('CN');
    expect(first.markets.map((m) => m.market)).toEqual(['CN']);
    expect(first.markets[0]!.cautions.length).toBeGreaterThan(0);

    const ana = await connectViewer(suite.backend.url, roomId, opened);
    value(await ana.emitWithAck('room:join', { roomId }));
    value(await track(ana, roomId, [ev({ type: 'presence', state: 'join' })], 'es'));
    const mei = await connectViewer(suite.backend.url, roomId, opened);
    value(await mei.emitWithAck('room:join', { roomId }));
    value(await track(mei, roomId, [ev({ type: 'presence', state: 'join' })], 'zh-CN'));
    await expect
      .poll(() => markets.at(-1)?.markets.map((m) => [m.market, m.why, m.share]), { timeout: 5000 })
      .toEqual([
        ['CN', 'home', 0.5],
        ['EU', 'audience', 0.5],
      ]);

    const refused = await host.emitWithAck('compliance:markets:set', { roomId, added: ['XX'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    const excluded = value(await host.emitWithAck('compliance:markets:set', { roomId, excluded: ['EU'] }));
    expect(excluded.markets.map((m) => m.market)).toEqual(['CN']);
    const added = value(
      await host.emitWithAck('compliance:markets:set', { roomId, excluded: [], added: ['US'] }),
    );
    expect(added.markets.map((m) => [m.market, m.why])).toEqual([
      ['CN', 'home'],
      ['EU', 'audience'],
      ['US', 'added'],
    ]);
  });

  it('checks a product title when saved and a host comment when sent, not a viewer comment', async () => {
    const { host, roomId, warnings } = await liveRoom();
    value(
      await host.emitWithAck('product:upsert', {
        roomId,
        titles: { 'zh-CN': '全网最低价 国家级面霜', en: 'Face cream' },
        prices: { CNY: 9900 },
        stock: 5,
      }),
    );
    await expect.poll(() => warnings.some((w) => w.source === 'product')).toBe(true);
    const product = warnings.find((w) => w.source === 'product')!;
    expect(product.text).toBe('全网最低价 国家级面霜');
    expect(product.flags.some((f) => f.category === 'absolute_term')).toBe(true);

    const viewer = await connectViewer(suite.backend.url, roomId, opened);
    value(await viewer.emitWithAck('room:join', { roomId }));
    value(
      await viewer.emitWithAck('comment:send', {
        roomId,
        text: '这是国家级的吗',
        clientId: 'viewer-0000001',
      }),
    );
    value(
      await host.emitWithAck('comment:send', {
        roomId,
        text: '国家级配方，放心买',
        clientId: 'host-00000001',
      }),
    );
    await expect.poll(() => warnings.some((w) => w.source === 'comment')).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const comments = warnings.filter((w) => w.source === 'comment');
    expect(comments).toHaveLength(1);
    expect(comments[0]!.text).toBe('国家级配方，放心买');
  });
});

describe('logs', () => {
  it('never hold the words of a caption or a comment, a host key or a token, at any level', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const backend = await startBackend({ sqliteFile: ':memory:', logger, media: false });
    const opened: RoomSocket[] = [];
    try {
      const token = testToken('host');
      const host = await connectAs(backend.url, { role: 'host', token }, opened);
      const { room, hostKey, viewerToken } = value(
        await host.emitWithAck('room:create', { title: 'Logs', hostLanguage: 'zh-CN' }),
      );
      value(await host.emitWithAck('live:start', { roomId: room.id }));
      value(
        await host.emitWithAck('caption:publish', {
          roomId: room.id,
          hostKey,
          captions: [caption('utt-log', SAID, { final: true })],
        }),
      );
      const viewer = await connectViewer(backend.url, room.id, opened);
      value(await viewer.emitWithAck('room:join', { roomId: room.id }));
      value(
        await viewer.emitWithAck('comment:send', {
          roomId: room.id,
          text: '加我 13812345678 或 ana@example.com',
          clientId: 'viewer-log-001',
        }),
      );
      value(
        await host.emitWithAck('comment:send', {
          roomId: room.id,
          text: '国家级配方，放心买',
          clientId: 'host-log-0001',
        }),
      );
      // A refused call logs its error: the words it carried must not be in it either.
      await viewer.emitWithAck('comment:send', {
        roomId: 'no-such-room',
        text: '秘密的话 secret words',
        clientId: 'viewer-log-002',
      });
      await new Promise((r) => setTimeout(r, 500));
      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of [
        '洗发水',
        '13812345678',
        'ana@example.com',
        '放心买',
        '秘密的话',
        hostKey,
        token,
        viewerToken,
      ])
        expect(all.includes(secret), secret.slice(0, 12)).toBe(false);
    } finally {
      opened.forEach((s) => s.disconnect());
      await backend.close();
    }
  });
});
