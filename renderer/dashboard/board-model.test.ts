import { describe, expect, it } from 'vitest';
import { BoardTileSchema, BoardUpdateSchema } from '../../core/protocol/analytics-schemas';
import {
  applyBoardUpdate,
  boardView,
  formatDuration,
  moveFocus,
  sparklinePoints,
  tilesFrom,
} from './board-model';
import { tile } from './test-data';

describe('board updates', () => {
  it('replaces changed tiles, adds rooms that went live, drops rooms that ended, keeps the others as they were', () => {
    const a = tile('a', { online: 1 });
    const b = tile('b', { online: 2 });
    const tiles = tilesFrom([a, b]);
    const next = applyBoardUpdate(tiles, { tiles: [tile('a', { online: 5 }), tile('c')], removed: ['b'] });
    expect(Object.keys(next).sort()).toEqual(['a', 'c']);
    expect(next.a!.online).toBe(5);
    // an untouched tile is the same object, so its memoized component does not render again
    const again = applyBoardUpdate(next, { tiles: [tile('a', { online: 6 })], removed: [] });
    expect(again.c).toBe(next.c);
    // an empty update changes nothing
    expect(applyBoardUpdate(again, { tiles: [], removed: ['gone'] })).toBe(again);
  });

  it('the test tiles are valid wire payloads', () => {
    expect(BoardTileSchema.safeParse(tile('a')).success).toBe(true);
    expect(BoardUpdateSchema.safeParse({ tiles: [tile('a')], removed: [], at: 1 }).success).toBe(true);
  });
});

describe('sorting and filtering', () => {
  const tiles = tilesFrom([
    tile('a', {
      title: 'Bags',
      online: 10,
      openAlerts: 0,
      conversion: 0.1,
      gmvPlaced: { USD: 500 },
      mood: 0.5,
    }),
    tile('b', {
      title: 'apples',
      online: 30,
      openAlerts: 2,
      conversion: 0.05,
      gmvPlaced: { USD: 100, JPY: 90000 },
      mood: -0.6,
    }),
    tile('c', {
      title: 'Caps',
      online: 20,
      openAlerts: 1,
      conversion: 0.2,
      gmvPlaced: { EUR: 100000 },
      mood: null,
    }),
  ]);

  it('sorts by any column, both ways', () => {
    expect(boardView(tiles, { key: 'online', desc: true }, false).ids).toEqual(['b', 'c', 'a']);
    expect(boardView(tiles, { key: 'online', desc: false }, false).ids).toEqual(['a', 'c', 'b']);
    expect(boardView(tiles, { key: 'title', desc: false }, false).ids).toEqual(['b', 'a', 'c']);
    expect(boardView(tiles, { key: 'conversion', desc: true }, false).ids).toEqual(['c', 'a', 'b']);
    expect(boardView(tiles, { key: 'alerts', desc: true }, false).ids).toEqual(['b', 'c', 'a']);
    // no comments (null mood) ranks below any mood
    expect(boardView(tiles, { key: 'mood', desc: true }, false).ids).toEqual(['a', 'b', 'c']);
  });

  it('ranks GMV in the currency most rooms sell in, never adding currencies; rooms without it come last', () => {
    const v = boardView(tiles, { key: 'gmv', desc: true }, false);
    expect(v.currency).toBe('USD');
    // c has 1,000.00 EUR, more minor units than anyone, but no USD: it is last, not first
    expect(v.ids).toEqual(['a', 'b', 'c']);
  });

  it('ranks time live longest first', () => {
    const t = tilesFrom([
      tile('new', { liveSince: 2000 }),
      tile('old', { liveSince: 1000 }),
      tile('off', { liveSince: null }),
    ]);
    expect(boardView(t, { key: 'liveSince', desc: true }, false).ids).toEqual(['old', 'new', 'off']);
  });

  it('ranks poor stream health first when ascending', () => {
    const health = { roomId: 'r', videoKbps: 100, lossPct: 9, fps: 5, captionLagMs: null, at: 1 };
    const t = tilesFrom([
      tile('ok', { health: { ...health, poor: false } }),
      tile('none'),
      tile('poor', { health: { ...health, poor: true } }),
    ]);
    expect(boardView(t, { key: 'health', desc: false }, false).ids).toEqual(['poor', 'none', 'ok']);
  });

  it('filters to rooms with open alerts', () => {
    expect(boardView(tiles, { key: 'online', desc: true }, true).ids).toEqual(['b', 'c']);
  });

  it('keeps ties in a stable order (by title) so tiles do not jump between updates', () => {
    const t = tilesFrom([tile('z', { title: 'B' }), tile('y', { title: 'A' }), tile('x', { title: 'C' })]);
    expect(boardView(t, { key: 'online', desc: true }, false).ids).toEqual(['y', 'z', 'x']);
  });
});

describe('keyboard focus across the grid', () => {
  it('moves by one across and by a row up and down, clamped to the tiles', () => {
    expect(moveFocus(0, 'ArrowRight', 10, 4)).toBe(1);
    expect(moveFocus(0, 'ArrowLeft', 10, 4)).toBe(0);
    expect(moveFocus(1, 'ArrowDown', 10, 4)).toBe(5);
    expect(moveFocus(7, 'ArrowDown', 10, 4)).toBe(9);
    expect(moveFocus(2, 'ArrowUp', 10, 4)).toBe(2);
    expect(moveFocus(6, 'ArrowUp', 10, 4)).toBe(2);
    expect(moveFocus(6, 'End', 10, 4)).toBe(9);
    expect(moveFocus(0, 'ArrowRight', 0, 4)).toBe(-1);
  });
});

describe('tile pieces', () => {
  it('formats time live', () => {
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('0:00');
  });

  it('draws the sparkline inside its box, highest value at the top', () => {
    const pts = sparklinePoints([0, 5, 10], 100, 20).split(' ');
    expect(pts).toEqual(['0.0,20.0', '50.0,10.0', '100.0,0.0']);
    expect(sparklinePoints([3, 3], 100, 20)).toBe('0.0,10.0 100.0,10.0');
    expect(sparklinePoints([], 100, 20)).toBe('');
  });
});
