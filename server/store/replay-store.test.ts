import { expect, it } from 'vitest';
import type { Caption } from '../../core/protocol/captions';
import type { ReplayDetail, ReplayListItem } from '../../core/protocol/replay';
import { describeStores, room } from './store-suite';

const caption = (id: string, lang: string, startMs: number, final = true): Caption => ({
  id,
  lang,
  text: `${lang} ${id}`,
  final,
  startMs,
  endMs: startMs + 1000,
  emittedAt: 1,
  source: lang === 'zh-CN',
  terms: [],
  ...(lang === 'en' ? { engine: 'cloud-openai' } : {}),
});

describeStores('replay store', (_kind, ctx) => {
  it('keeps each final caption once per language, and maps the captions clock onto the stream', async () => {
    await ctx.store.migrate();
    const live = 1_760_000_000_000;
    // The first line (speech ended at 2,000 on the captions clock) reached the server 500 ms into the stream.
    await ctx.store.captionLines.add(
      'r-c',
      [caption('u1', 'zh-CN', 1000), caption('u1', 'en', 1000)],
      live + 500,
    );
    // Resent, and a partial of the next utterance: neither is stored again.
    await ctx.store.captionLines.add(
      'r-c',
      [caption('u1', 'zh-CN', 1000), caption('u2', 'zh-CN', 5000, false)],
      live + 900,
    );
    // The next line came late (a slow translation): the earliest receipt decides the mapping.
    await ctx.store.captionLines.add(
      'r-c',
      [caption('u2', 'zh-CN', 5000), caption('u2', 'en', 5000)],
      live + 9000,
    );
    expect(await ctx.store.captionLines.origin('r-c')).toBe(live - 1500);
    const zh = await ctx.store.captionLines.lines('r-c', live, 'zh-CN');
    expect(zh.map((l) => [l.id, l.startMs, l.endMs])).toEqual([
      ['u1', 0, 500],
      ['u2', 3500, 4500],
    ]);
    expect(await ctx.store.captionLines.lines('r-c', live)).toHaveLength(4);
    expect(await ctx.store.captionLines.tracks('r-c')).toEqual([
      { lang: 'en', lines: 2, source: false, engine: 'cloud-openai' },
      { lang: 'zh-CN', lines: 2, source: true, engine: 'ai' },
    ]);
    expect(await ctx.store.captionLines.lines('r-none', live)).toEqual([]);
  });

  it('lists streams that went live, newest first, paged, a host its own only', async () => {
    for (const [id, owner] of [
      ['s-1', 'host-aaaa'],
      ['s-2', 'host-bbbb'],
      ['s-3', 'host-aaaa'],
      ['s-never', 'host-aaaa'],
    ] as const) {
      await ctx.store.rooms.create(room(id), undefined, owner);
      if (id !== 's-never') await ctx.store.rooms.setStatus(id, 'live');
      await new Promise((r) => setTimeout(r, 3));
    }
    expect(await ctx.store.rooms.ownerSub('s-2')).toBe('host-bbbb');
    const ids = async (o: Parameters<typeof ctx.store.replay.rooms>[0]) =>
      (await ctx.store.replay.rooms(o)).map((r) => r.id).filter((id) => id.startsWith('s-'));
    expect(await ids({ limit: 10 })).toEqual(['s-3', 's-2', 's-1']);
    expect(await ids({ limit: 10, owner: 'host-aaaa' })).toEqual(['s-3', 's-1']);
    const [first] = await ctx.store.replay.rooms({ limit: 1 });
    expect(await ids({ limit: 10, before: first!.liveStartedAt })).toEqual(['s-2', 's-1']);
    expect(await ctx.store.replay.room('s-never')).toBeNull();

    const item = { roomId: 's-1', title: 't', state: 'ready' } as ReplayListItem;
    const detail = { item, minutes: [] } as unknown as ReplayDetail;
    await ctx.store.replay.putSummary(
      { roomId: 's-1', state: 'partial', endedAt: 5, readyAt: 6, item },
      detail,
    );
    await ctx.store.replay.putSummary(
      { roomId: 's-1', state: 'ready', endedAt: 7, readyAt: 8, item },
      detail,
    );
    expect((await ctx.store.replay.room('s-1'))!.summary).toEqual({
      roomId: 's-1',
      state: 'ready',
      endedAt: 7,
      readyAt: 8,
      item,
    });
    expect(await ctx.store.replay.detail('s-1')).toEqual(detail);
  });

  it("reads the studio's marks without their host key, and skips malformed ones", async () => {
    await ctx.store.hostEvents.record(
      [
        {
          id: 'm1',
          roomId: 's-1',
          type: 'analytics.mark',
          payload: { hostKey: 'k'.repeat(20), label: 'drop', at: 100 },
        },
        { id: 'm2', roomId: 's-1', type: 'analytics.mark', payload: { label: 7, at: 'x' } },
        { id: 'm3', roomId: 's-1', type: 'order.cancel', payload: {} },
      ],
      250,
    );
    expect(await ctx.store.replay.marks('s-1')).toEqual([{ at: 100, label: 'drop', receivedAt: 250 }]);
  });
});
