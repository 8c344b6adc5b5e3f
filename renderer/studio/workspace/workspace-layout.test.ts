// The workspace layout store: what the host saved comes back, anything unusable falls back to the defaults,
// a resize is saved once after it ends, and the split helpers add up.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_LAYOUT, type WorkspaceLayout } from '../../../core/protocol/studio-settings';
import { defaultSizes, nextAreaIndex, splitId } from './workspace-areas';
import { readWorkspaceLayout, WorkspaceLayoutStore } from './workspace-layout';

const COLLAPSIBLE = ['left', 'right', 'bottom'];

/** Timers the test runs by hand, and a persistence that records every save. */
function setup(stored: unknown = null) {
  const saved: WorkspaceLayout[] = [];
  const timers = new Map<number, () => void>();
  let next = 0;
  const store = new WorkspaceLayoutStore(
    { load: () => stored, save: (layout) => saved.push(layout) },
    {
      collapsible: COLLAPSIBLE,
      setTimer: (run) => {
        timers.set(++next, run);
        return next;
      },
      clearTimer: (id) => timers.delete(id as number),
    },
  );
  const runTimers = () => {
    for (const [id, run] of [...timers]) {
      timers.delete(id);
      run();
    }
  };
  return { store, saved, runTimers, pending: () => timers.size };
}

describe('workspace layout store', () => {
  it('opens with the defaults when nothing was saved', () => {
    const { store } = setup(null);
    expect(store.snapshot()).toEqual(DEFAULT_WORKSPACE_LAYOUT);
    expect(store.arrangement).toBe('standard');
    expect(store.sizes('row.left-column-right', 3)).toBeNull();
    expect(store.isCollapsed('left')).toBe(false);
  });

  it('opens as the host saved it: arrangement, sizes per arrangement, collapsed areas', () => {
    const stored: WorkspaceLayout = {
      arrangement: 'live',
      sizes: { 'live/row.left-column-right': [30, 50, 20], 'standard/row.left-column-right': [20, 60, 20] },
      collapsed: ['bottom'],
    };
    const { store } = setup(stored);
    expect(store.arrangement).toBe('live');
    expect(store.sizes('row.left-column-right', 3)).toEqual([30, 50, 20]);
    // A split whose panes changed since (another count) gets its defaults.
    expect(store.sizes('row.left-column-right', 2)).toBeNull();
    expect(store.isCollapsed('bottom')).toBe(true);
    store.setArrangement('standard');
    expect(store.sizes('row.left-column-right', 3)).toEqual([20, 60, 20]);
  });

  it.each([
    ['not an object', 'garbage'],
    ['an unknown arrangement', { arrangement: 'cinema', sizes: {}, collapsed: [] }],
    ['a size over 100', { arrangement: 'standard', sizes: { 'standard/x': [150, -50] }, collapsed: [] }],
    ['collapsed not a list', { arrangement: 'standard', sizes: {}, collapsed: 'left' }],
    ['a missing field', { arrangement: 'live', sizes: {} }],
  ])('falls back to the defaults when the stored layout is %s', (_, stored) => {
    expect(setup(stored).store.snapshot()).toEqual(DEFAULT_WORKSPACE_LAYOUT);
  });

  it('drops what it cannot use from a valid layout: splits not adding up to 100, unknown areas', () => {
    const layout = readWorkspaceLayout(
      {
        arrangement: 'standard',
        sizes: { 'standard/a': [30, 30], 'standard/b': [25, 75], 'standard/c': [100] },
        collapsed: ['left', 'preview', 'left', 'nowhere'],
      },
      COLLAPSIBLE,
    );
    expect(layout).toEqual({
      arrangement: 'standard',
      sizes: { 'standard/b': [25, 75] },
      collapsed: ['left'],
    });
  });

  it('saves a resize once, a moment after it ends, for the arrangement in use', () => {
    const { store, saved, runTimers, pending } = setup();
    store.setSizes('row.left-column-right', [25.123, 50.5, 24.377]);
    store.setSizes('row.left-column-right', [30, 45, 25]);
    expect(saved).toEqual([]);
    expect(pending()).toBe(1);
    runTimers();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.sizes).toEqual({ 'standard/row.left-column-right': [30, 45, 25] });
    // The same sizes again are no change.
    store.setSizes('row.left-column-right', [30, 45, 25]);
    expect(pending()).toBe(0);
    // Sizes that are not a split are refused.
    store.setSizes('row.left-column-right', [10, 10]);
    expect(pending()).toBe(0);
  });

  it('keeps collapsed areas and the arrangement, and notifies who listens', () => {
    const { store, saved, runTimers } = setup();
    let changes = 0;
    const stop = store.subscribe(() => changes++);
    store.toggleCollapsed('left');
    store.setCollapsed('center', true); // not collapsible: ignored
    store.toggleArrangement();
    runTimers();
    expect(saved.at(-1)).toEqual({ arrangement: 'live', sizes: {}, collapsed: ['left'] });
    expect(changes).toBe(2);
    store.toggleCollapsed('left');
    store.toggleArrangement();
    runTimers();
    expect(saved.at(-1)).toEqual(DEFAULT_WORKSPACE_LAYOUT);
    stop();
    store.toggleCollapsed('right');
    expect(changes).toBe(4);
  });

  it('remembers each area’s tab for the session only, and flushes a pending save on close', () => {
    const { store, saved } = setup();
    expect(store.activeTab('bottom')).toBeNull();
    store.setActiveTab('bottom', 'orders');
    expect(store.activeTab('bottom')).toBe('orders');
    expect(saved).toEqual([]);
    store.setCollapsed('right', true);
    store.close();
    expect(saved).toEqual([{ arrangement: 'standard', sizes: {}, collapsed: ['right'] }]);
    store.close();
    expect(saved).toHaveLength(1);
  });
});

describe('workspace splits', () => {
  it('turns weights into percentages that add up to exactly 100', () => {
    const sizes = defaultSizes([24, 52, 24]);
    expect(sizes).toEqual([24, 52, 24]);
    const thirds = defaultSizes([1, 1, 1]);
    expect(thirds.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 10);
    expect(splitId('row', ['left', 'column'])).toBe('row.left-column');
  });

  it('walks areas forward and back, wrapping, from no area focused too', () => {
    expect(nextAreaIndex(-1, 5, 1)).toBe(0);
    expect(nextAreaIndex(-1, 5, -1)).toBe(4);
    expect(nextAreaIndex(4, 5, 1)).toBe(0);
    expect(nextAreaIndex(0, 5, -1)).toBe(4);
    expect(nextAreaIndex(0, 0, 1)).toBe(-1);
  });
});
