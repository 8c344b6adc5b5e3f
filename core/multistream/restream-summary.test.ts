import { describe, expect, it } from 'vitest';
import type { DestinationState, MultistreamStatus } from '../protocol/multistream';
import { RestreamNews, restreamSummary, sameRestream } from './restream-summary';

const status = (states: DestinationState[], patch: { bitrate?: number; roomId?: string } = {}) =>
  ({
    roomId: patch.roomId ?? 'r1',
    encoder: { state: 'running', reason: null, cpuPct: 40 },
    destinations: states.map((state, i) => ({
      id: `d${i}`,
      name: `Dest ${i}`,
      platform: 'youtube',
      state,
      error: state === 'error' || state === 'reconnecting' ? 'unreachable' : null,
      detail: null,
      bitrateKbps: patch.bitrate ?? null,
      droppedFrames: 0,
      uptimeMs: 0,
      reconnects: 0,
      since: 1,
    })),
    at: 1,
  }) satisfies MultistreamStatus;

describe('the restream summary on the ops board', () => {
  it('counts live ones, and reconnecting or failed ones as trouble (connecting and ended as neither)', () => {
    expect(
      restreamSummary(status(['live', 'live', 'reconnecting', 'error', 'connecting', 'ended']).destinations),
    ).toEqual({ live: 2, total: 6, trouble: 2 });
    expect(restreamSummary(status(['ended', 'ended']).destinations)).toEqual({
      live: 0,
      total: 2,
      trouble: 0,
    });
  });

  it('is null when the room has no destination (never started, or all removed)', () => {
    expect(restreamSummary([])).toBeNull();
  });

  it('compares by counts', () => {
    expect(sameRestream(null, null)).toBe(true);
    expect(sameRestream(null, { live: 0, total: 0, trouble: 0 })).toBe(false);
    expect(sameRestream({ live: 1, total: 2, trouble: 1 }, { live: 1, total: 2, trouble: 1 })).toBe(true);
    expect(sameRestream({ live: 1, total: 2, trouble: 1 }, { live: 2, total: 2, trouble: 0 })).toBe(false);
  });

  it('tells a room’s counts when they change, not on every 2 s tick of bitrate and uptime', () => {
    const news = new RestreamNews(30_000);
    expect(news.next(status(['connecting', 'connecting']), 0)).toEqual({
      summary: { live: 0, total: 2, trouble: 0 },
    });
    expect(news.next(status(['live', 'connecting'], { bitrate: 2500 }), 2_000)?.summary).toEqual({
      live: 1,
      total: 2,
      trouble: 0,
    });
    // Ticks with new bitrates only: nothing to tell.
    expect(news.next(status(['live', 'connecting'], { bitrate: 2400 }), 4_000)).toBeUndefined();
    expect(news.next(status(['live', 'connecting'], { bitrate: 2600 }), 6_000)).toBeUndefined();
    // One goes live as the other drops: other states, same counts, nothing the tile would show differently.
    expect(news.next(status(['reconnecting', 'live']), 8_000)).toEqual({
      summary: { live: 1, total: 2, trouble: 1 },
    });
    expect(news.next(status(['live', 'reconnecting']), 9_000)).toBeUndefined();
    // Rooms are told apart.
    expect(news.next(status(['live'], { roomId: 'r2' }), 9_000)?.summary).toEqual({
      live: 1,
      total: 1,
      trouble: 0,
    });
    // The host removed every destination: the room has none.
    expect(news.next(status([]), 10_000)).toEqual({ summary: null });
  });

  it('tells the same counts again now and then, for a node that missed them', () => {
    const news = new RestreamNews(30_000);
    expect(news.next(status(['live']), 0)).toBeDefined();
    expect(news.next(status(['live']), 29_999)).toBeUndefined();
    expect(news.next(status(['live']), 30_000)).toEqual({ summary: { live: 1, total: 1, trouble: 0 } });
    expect(news.next(status(['live']), 31_000)).toBeUndefined();
  });

  it('forgets an ended room, so a new stream in it is told from its first status', () => {
    const news = new RestreamNews(30_000);
    news.next(status(['live']), 0);
    news.next(status(['ended']), 1_000);
    news.forget('r1');
    expect(news.size).toBe(0);
    expect(news.next(status(['ended']), 2_000)).toEqual({ summary: { live: 0, total: 1, trouble: 0 } });
  });
});
