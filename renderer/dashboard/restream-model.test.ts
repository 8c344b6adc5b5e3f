import { describe, expect, it } from 'vitest';
import type { DestinationState, MultistreamStatus } from '../../core/protocol/multistream';
import { newerStatus, restreamCard } from './restream-model';

const status = (at: number, states: DestinationState[] = ['live']): MultistreamStatus => ({
  roomId: 'r1',
  encoder: { state: 'running', reason: null, cpuPct: null },
  destinations: states.map((state, i) => ({
    id: `d${i}`,
    name: `D${i}`,
    platform: 'twitch',
    state,
    error: null,
    detail: null,
    bitrateKbps: null,
    droppedFrames: 0,
    uptimeMs: 0,
    reconnects: 0,
    since: at,
  })),
  at,
});

describe('the room view’s restream card', () => {
  it('keeps the newest status, whichever of the answer and the push comes last', () => {
    const pushed = status(20, ['reconnecting']);
    expect(newerStatus(pushed, status(10))).toBe(pushed); // a get answered before the push, arriving after
    const later = status(30);
    expect(newerStatus(pushed, later)).toBe(later);
    expect(newerStatus(pushed, null)).toBe(pushed); // "none" from get never wipes a pushed status
    expect(newerStatus(null, null)).toBeNull();
  });

  it('lists the destinations when there is a status with some', () => {
    const s = status(5, ['live', 'error']);
    expect(restreamCard(s, true, { live: 1, total: 2, trouble: 1 })).toEqual({ kind: 'list', status: s });
  });

  it('says none only once loaded and when the board counts none either', () => {
    expect(restreamCard(null, false, null)).toEqual({ kind: 'loading' });
    expect(restreamCard(null, true, null)).toEqual({ kind: 'none' });
    expect(restreamCard(status(5, []), true, null)).toEqual({ kind: 'none' });
  });

  it('waits (never says none) while the board counts destinations this node has no status of yet', () => {
    expect(restreamCard(null, true, { live: 2, total: 3, trouble: 0 })).toEqual({
      kind: 'waiting',
      total: 3,
    });
  });
});
