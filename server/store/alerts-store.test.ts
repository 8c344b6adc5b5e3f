// The ops alerts, thresholds and notes stores on both databases: one open alert per room, kind and subject
// however many nodes raise it, cleared and acknowledged once, thresholds and notes kept as given.
import { beforeAll, expect, it } from 'vitest';
import type { NewAlert } from './alerts-store';
import { describeStores } from './store-suite';
import { GLOBAL_SCOPE } from './thresholds-store';

const alert = (id: string, subject = 'p-1', at = 1_760_000_000_000): NewAlert => ({
  id,
  roomId: 'r-1',
  kind: 'sold_out',
  subject,
  at,
  detail: { productId: subject, stock: 0, title: '太阳镜' },
});

describeStores('ops alerts, thresholds and notes', (_kind, ctx) => {
  beforeAll(async () => {
    await ctx.store.migrate();
  });

  it('raises an alert once: the same id, or another id for the same open condition, is a no-op', async () => {
    const [first, again, racer] = await Promise.all([
      ctx.store.alerts.raise(alert('al-1')),
      ctx.store.alerts.raise(alert('al-1')),
      ctx.store.alerts.raise(alert('al-other-node')),
    ]);
    expect([first, again, racer].filter(Boolean)).toHaveLength(1);
    const open = await ctx.store.alerts.openOf('r-1');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'sold_out', subject: 'p-1', open: true, acknowledged: null });
    expect(open[0]!.detail).toEqual({ productId: 'p-1', stock: 0, title: '太阳镜' });
    expect(await ctx.store.alerts.raise(alert('al-2', 'p-2'))).not.toBeNull();
  });

  it('clears once; a cleared condition may be raised again as a new alert', async () => {
    const cleared = await Promise.all([
      ctx.store.alerts.clear('r-1', 'sold_out', 'p-1', 5),
      ctx.store.alerts.clear('r-1', 'sold_out', 'p-1', 6),
    ]);
    expect(cleared.filter(Boolean)).toHaveLength(1);
    expect(cleared.find(Boolean)!.open).toBe(false);
    expect(await ctx.store.alerts.raise(alert('al-3', 'p-1', 1_760_000_100_000))).not.toBeNull();
    expect((await ctx.store.alerts.ofRoom('r-1')).map((a) => [a.id, a.open])).toEqual([
      ['al-3', true],
      ['al-1', false],
      ['al-2', true],
    ]);
  });

  it('keeps the first acknowledgement, and clears a whole room', async () => {
    expect(await ctx.store.alerts.acknowledge('r-1', 'al-2', 'ops-a', 10)).toMatchObject({
      changed: true,
      alert: { acknowledged: { by: 'ops-a', at: 10 } },
    });
    expect(await ctx.store.alerts.acknowledge('r-1', 'al-2', 'ops-b', 11)).toMatchObject({
      changed: false,
      alert: { acknowledged: { by: 'ops-a', at: 10 } },
    });
    expect(await ctx.store.alerts.acknowledge('r-2', 'al-2', 'ops-b', 11)).toBeNull();
    expect((await ctx.store.alerts.clearRoom('r-1', 20)).map((a) => a.id).sort()).toEqual(['al-2', 'al-3']);
    expect(await ctx.store.alerts.openOf('r-1')).toEqual([]);
  });

  it('keeps thresholds per scope, replaced as a whole, removed by null', async () => {
    await ctx.store.thresholds.set(GLOBAL_SCOPE, { gpmDropPct: 40 }, 1);
    await ctx.store.thresholds.set('r-1', { stockLow: 3, minFps: 20 }, 1);
    await ctx.store.thresholds.set('r-1', { stockLow: 4 }, 2);
    expect(await ctx.store.thresholds.get('r-1')).toEqual({ stockLow: 4 });
    expect(await ctx.store.thresholds.get(GLOBAL_SCOPE)).toEqual({ gpmDropPct: 40 });
    await ctx.store.thresholds.set('r-1', null, 3);
    expect(await ctx.store.thresholds.get('r-1')).toBeNull();
  });

  it('stores a note once, lists the open ones, dismisses once', async () => {
    const note = { id: 'note-1', roomId: 'r-1', text: 'Smile 😀 <b>', from: 'Ops', at: 100 };
    expect(await ctx.store.notes.add(note)).toEqual({ note, created: true });
    expect(await ctx.store.notes.add({ ...note, text: 'changed' })).toEqual({ note, created: false });
    await ctx.store.notes.add({ ...note, id: 'note-2', at: 200 });
    expect((await ctx.store.notes.ofRoom('r-1', { open: true })).map((n) => n.id)).toEqual([
      'note-1',
      'note-2',
    ]);
    expect(await ctx.store.notes.dismiss('r-1', 'note-1', 300)).toBe('dismissed');
    expect(await ctx.store.notes.dismiss('r-1', 'note-1', 301)).toBe('already');
    expect(await ctx.store.notes.dismiss('r-2', 'note-2', 301)).toBe('missing');
    expect((await ctx.store.notes.ofRoom('r-1', { open: true })).map((n) => n.id)).toEqual(['note-2']);
    expect((await ctx.store.notes.ofRoom('r-1')).map((n) => [n.id, n.dismissed])).toEqual([
      ['note-1', true],
      ['note-2', false],
    ]);
  });
});
