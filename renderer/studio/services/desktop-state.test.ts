import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../core/protocol/result';
import { createStudioApi } from '../../../core/protocol/studio-client';
import { useStudioStore } from '../../stores/studio-store';
import { DesktopState } from './desktop-state';

const initial = useStudioStore.getState();
afterEach(() => useStudioStore.setState(initial, true));

function harness(resumable: unknown = null) {
  const calls: [string, unknown[]][] = [];
  const pushes = new Map<string, (payload: unknown) => void>();
  const studio = createStudioApi(
    (async (method: string, args: unknown[]) => {
      calls.push([method, args]);
      if (method === 'live.resumable') return ok(resumable);
      if (method === 'updates.getStatus') return ok({ state: 'idle', checkedAt: null });
      if (method === 'updates.restart') return ok({ outcome: 'queued' });
      return ok(true);
    }) as never,
    (event, listener) => {
      pushes.set(event, listener as (payload: unknown) => void);
      return () => pushes.delete(event);
    },
  );
  const desktop = new DesktopState(studio);
  desktop.start();
  return {
    desktop,
    calls,
    pushes,
    reports: () => calls.filter(([m]) => m === 'live.report').map(([, a]) => a[0]),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const store = () => useStudioStore.getState();

describe('DesktopState', () => {
  it('tells the host when the stream goes live, is retitled and ends, once each', async () => {
    const { reports, desktop } = harness();
    await settle();
    store().patchLive({ phase: 'starting', title: 'Scarves' });
    store().patchLive({ roomId: 'r1' });
    store().patchLive({ phase: 'live' });
    store().patchLive({ micMuted: true });
    store().patchLive({ title: 'Silk scarves' });
    store().patchLive({ phase: 'ending' });
    store().patchLive({ phase: 'ended', roomId: null });
    expect(reports()).toEqual([
      { live: true, roomId: 'r1', title: 'Scarves' },
      { live: true, roomId: 'r1', title: 'Silk scarves' },
      { live: false, roomId: null, title: null },
    ]);
    desktop.close();
  });

  it('shows the update status the host pushes, checked when it arrives', async () => {
    const { pushes } = harness();
    await settle();
    expect(store().desktop.updates).toEqual({ state: 'idle', checkedAt: null });
    pushes.get('updates.status')!({ state: 'downloading', version: '0.2.0', percent: 12 });
    expect(store().desktop.updates).toEqual({ state: 'downloading', version: '0.2.0', percent: 12 });
    pushes.get('updates.status')!({ state: 'downloading', version: '0.2.0', percent: 500 });
    expect(store().desktop.updates).toMatchObject({ percent: 12 });
    expect(store().hostError?.message).toMatch(/updates.status/);
  });

  it('after a crash while live, the title comes back ready to resume; dismissing forgets it', async () => {
    const { desktop, reports } = harness({ roomId: 'r0', title: 'Night market', since: 1 });
    await settle();
    expect(store().desktop.resumable).toEqual({ roomId: 'r0', title: 'Night market', since: 1 });
    expect(store().live.title).toBe('Night market');
    desktop.dismissResume();
    expect(store().desktop.resumable).toBeNull();
    expect(reports()).toEqual([{ live: false, roomId: null, title: null }]);
  });

  it('keeps a title the host typed before the offer arrived', async () => {
    store().patchLive({ title: 'Mine' });
    harness({ roomId: 'r0', title: 'Night market', since: 1 });
    await settle();
    expect(store().live.title).toBe('Mine');
  });
});
