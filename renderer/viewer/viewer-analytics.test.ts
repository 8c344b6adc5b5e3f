// The viewer page's analytics reporter against a fake connection that answers like the backend (a Result,
// unwrapped as RoomClient does) and fake timers: presence, once-per-pin impressions, batches of at most 20,
// the queue over a network drop, and a backend that answers `unavailable`.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AnalyticsTrackSchema,
  HEARTBEAT_MS,
  type AnalyticsTrackInput,
  type AnalyticsTrackResult,
} from '../../core/protocol/analytics-events';
import { fail, ok, unwrap, type Result } from '../../core/protocol/result';
import { MAX_BATCH, ViewerAnalytics, type AnalyticsConnection } from './viewer-analytics';

type Answer = Result<AnalyticsTrackResult> | 'no-answer';

/** A room connection as the reporter sees it: records each batch; the test says how the backend answers. */
function fakeConnection() {
  const batches: AnalyticsTrackInput[] = [];
  const listeners = {
    connection: new Set<(up: boolean) => void>(),
    rejoined: new Set<(id: string) => void>(),
  };
  let answer: Answer = ok({ counted: 1 });
  const connection: AnalyticsConnection = {
    request: (_event, input) => {
      // What would go over the wire: it must pass the backend's schema.
      expect(AnalyticsTrackSchema.safeParse(input).success).toBe(true);
      batches.push(structuredClone(input));
      const a = answer;
      if (a === 'no-answer') return Promise.reject(new Error('operation has timed out'));
      return Promise.resolve().then(() => unwrap(a));
    },
    on: ((event: 'connection' | 'rejoined', listener: never) => {
      const set = listeners[event] as Set<unknown>;
      set.add(listener);
      return () => set.delete(listener);
    }) as AnalyticsConnection['on'],
  };
  return {
    connection,
    batches,
    events: () => batches.flatMap((b) => b.events),
    answer: (a: Answer) => (answer = a),
    drop: () => listeners.connection.forEach((l) => l(false)),
    rejoin: (roomId = 'room-1') => {
      listeners.connection.forEach((l) => l(true));
      listeners.rejoined.forEach((l) => l(roomId));
    },
    listenerCount: () => listeners.connection.size + listeners.rejoined.size,
  };
}

let ids = 0;
function reporter(options: { lang?: string | null; log?: (m: string) => void; maxQueued?: number } = {}) {
  const fake = fakeConnection();
  let now = 0;
  const analytics = new ViewerAnalytics({
    connection: fake.connection,
    roomId: 'room-1',
    streamTime: () => now,
    language: () => (options.lang === undefined ? 'es' : options.lang),
    newId: () => `event-${String(++ids).padStart(4, '0')}`,
    log: options.log ?? (() => undefined),
    ...(options.maxQueued ? { maxQueued: options.maxQueued } : {}),
  });
  return { analytics, fake, setStreamTime: (t: number) => (now = t) };
}

const settle = () => vi.advanceTimersByTimeAsync(300);
const kinds = (events: { type: string; state?: string }[]) =>
  events.map((e) => (e.type === 'presence' ? `presence:${e.state}` : e.type));

describe('ViewerAnalytics', () => {
  let page: EventTarget;
  beforeEach(() => {
    vi.useFakeTimers();
    page = new EventTarget();
    vi.stubGlobal('window', page);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('joins once in the room, beats every HEARTBEAT_MS with the stream time, and leaves on pagehide', async () => {
    const { analytics, fake, setStreamTime } = reporter();
    analytics.joinedRoom();
    analytics.joinedRoom(); // a second call starts nothing more
    await settle();
    expect(kinds(fake.events())).toEqual(['presence:join']);
    expect(fake.batches[0]).toMatchObject({ roomId: 'room-1', lang: 'es' });
    setStreamTime(12_345);
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 3);
    expect(kinds(fake.events())).toEqual([
      'presence:join',
      'presence:heartbeat',
      'presence:heartbeat',
      'presence:heartbeat',
    ]);
    expect(fake.events()[1]!.t).toBe(12_345);
    page.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 2);
    // Left, and no heartbeat after it.
    expect(kinds(fake.events()).slice(-1)).toEqual(['presence:leave']);
    expect(fake.events()).toHaveLength(5);
    analytics.close();
  });

  it('sends nothing that names the viewer: only the room, the language and the events', async () => {
    const { analytics, fake } = reporter({ lang: 'not a tag!' });
    analytics.joinedRoom();
    analytics.click('p1', 'card');
    await settle();
    for (const batch of fake.batches) {
      expect(Object.keys(batch).sort()).toEqual(['events', 'roomId']); // the bad language is left out
      for (const e of batch.events) expect(e.id).toMatch(/^event-\d{4}$/);
    }
    analytics.close();
  });

  it('reports the pinned card once per pin period, and each click', async () => {
    const { analytics, fake } = reporter();
    analytics.joinedRoom();
    analytics.pinned('p1');
    analytics.pinned('p1'); // a stock change of the same pin: same period
    analytics.click('p1', 'card');
    analytics.click('p1', 'buy');
    analytics.pinned(null);
    analytics.pinned('p1'); // pinned again: a new period
    analytics.pinned('p2');
    await settle();
    const shown = fake.events().filter((e) => e.type !== 'presence');
    expect(
      shown.map((e) => [e.type, 'productId' in e ? e.productId : null, 'target' in e ? e.target : null]),
    ).toEqual([
      ['impression', 'p1', null],
      ['click', 'p1', 'card'],
      ['click', 'p1', 'buy'],
      ['impression', 'p1', null],
      ['impression', 'p2', null],
    ]);
    // Gathered into one batch after the join.
    expect(fake.batches).toHaveLength(2);
    analytics.close();
  });

  it('reports caption language and danmaku changes', async () => {
    const { analytics, fake } = reporter();
    analytics.joinedRoom();
    analytics.captionLanguage('ja');
    analytics.captionLanguage(null);
    analytics.danmaku(false);
    await settle();
    expect(fake.events().slice(1)).toMatchObject([
      { type: 'caption_lang', lang: 'ja' },
      { type: 'caption_lang', lang: null },
      { type: 'danmaku', on: false },
    ]);
    analytics.close();
  });

  it('splits a burst into batches of at most 20, two at once and the rest a few seconds later', async () => {
    const { analytics, fake } = reporter();
    analytics.joinedRoom();
    for (let i = 0; i < 45; i++) analytics.click(`p${i}`, 'card');
    await settle();
    expect(fake.batches.slice(1).map((b) => b.events.length)).toEqual([MAX_BATCH, MAX_BATCH]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.batches.slice(1).map((b) => b.events.length)).toEqual([MAX_BATCH, MAX_BATCH, 5]);
    analytics.close();
  });

  it('sends refused-as-too-fast events again later, once', async () => {
    const { analytics, fake } = reporter();
    analytics.joinedRoom();
    await settle();
    fake.answer(fail('rate_limited', 'Too many analytics events: slow down'));
    analytics.click('p1', 'buy');
    await settle();
    fake.answer(ok({ counted: 1 }));
    await vi.advanceTimersByTimeAsync(5000);
    const clicks = fake.events().filter((e) => e.type === 'click');
    expect(clicks).toHaveLength(2);
    expect(clicks[1]!.id).toBe(clicks[0]!.id);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fake.events().filter((e) => e.type === 'click')).toHaveLength(2);
    expect(analytics.queued).toBe(0);
    analytics.close();
  });

  it('keeps clicks and impressions over a network drop and sends them after the rejoin; no heartbeats', async () => {
    const { analytics, fake } = reporter();
    analytics.joinedRoom();
    await settle();
    fake.drop();
    analytics.pinned('p1');
    analytics.click('p1', 'buy');
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 4);
    expect(kinds(fake.events())).toEqual(['presence:join']); // nothing sent while down
    expect(analytics.queued).toBe(2);
    fake.rejoin();
    await settle();
    // A new connection: join first, then what waited, with the ids they were given when they happened.
    expect(kinds(fake.events())).toEqual(['presence:join', 'presence:join', 'impression', 'click']);
    expect(analytics.queued).toBe(0);
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(kinds(fake.events()).at(-1)).toBe('presence:heartbeat');
    analytics.close();
  });

  it('keeps a batch that got no answer (ids unchanged, so a resend counts once), but not its presence', async () => {
    const { analytics, fake } = reporter();
    analytics.joinedRoom();
    await settle();
    fake.answer('no-answer');
    analytics.click('p1', 'card');
    await settle();
    fake.drop();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    fake.answer(ok({ counted: 1 }));
    fake.rejoin();
    await settle();
    const clicks = fake.events().filter((e) => e.type === 'click');
    expect(clicks).toHaveLength(2);
    expect(clicks[0]!.id).toBe(clicks[1]!.id);
    analytics.close();
  });

  it('bounds the queue while offline, dropping the oldest', async () => {
    const { analytics, fake } = reporter({ maxQueued: 5 });
    analytics.joinedRoom();
    await settle();
    fake.drop();
    for (let i = 0; i < 8; i++) analytics.click(`p${i}`, 'card');
    expect(analytics.queued).toBe(5);
    expect(analytics.dropped).toBe(3);
    fake.rejoin();
    await settle();
    const sent = fake.events().filter((e) => e.type === 'click');
    expect(sent.map((e) => ('productId' in e ? e.productId : ''))).toEqual(['p3', 'p4', 'p5', 'p6', 'p7']);
    analytics.close();
  });

  it('takes `unavailable` calmly: logs once, keeps beating, the page goes on', async () => {
    const log = vi.fn();
    const { analytics, fake } = reporter({ log });
    fake.answer(fail('unavailable', 'analytics:track is not built yet on this backend'));
    analytics.joinedRoom();
    analytics.click('p1', 'card');
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 2 + 300);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toContain('unavailable');
    // Refused events are not queued for ever.
    expect(analytics.queued).toBe(0);
    expect(kinds(fake.events())).toEqual([
      'presence:join',
      'click',
      'presence:heartbeat',
      'presence:heartbeat',
    ]);
    analytics.close();
  });

  it('stops everything on close, twice is harmless', async () => {
    const { analytics, fake } = reporter();
    analytics.joinedRoom();
    await settle();
    analytics.close();
    analytics.close();
    expect(fake.listenerCount()).toBe(0);
    analytics.click('p1', 'card');
    page.dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 2);
    expect(fake.events()).toHaveLength(1);
  });
});
