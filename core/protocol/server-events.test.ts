import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Caption } from './captions';
import { encodeCommentFrame, toCommentTuple } from './room-events';
import {
  checkServerEvent,
  InvalidServerEventError,
  ServerEventHub,
  serverEventSchemas,
  type ServerEvent,
  type ServerEventPayload,
} from './server-events';
import type { ServerToClientEvents } from './socket-events';

type Schemas = typeof serverEventSchemas;
/** `A & B` as one object type, as zod's output spells it. */
type Flat<T> = { [K in keyof T]: T[K] };

describe('server event schemas', () => {
  it('cover every key of ServerToClientEvents, each parsing to exactly its payload type', () => {
    expectTypeOf<keyof Schemas>().toEqualTypeOf<keyof ServerToClientEvents>();
    expectTypeOf<z.output<Schemas['session:identity']>>().toEqualTypeOf<
      ServerEventPayload<'session:identity'>
    >();
    expectTypeOf<z.output<Schemas['room:state']>>().toEqualTypeOf<ServerEventPayload<'room:state'>>();
    expectTypeOf<z.output<Schemas['sfu:newProducer']>>().toEqualTypeOf<
      Flat<ServerEventPayload<'sfu:newProducer'>>
    >();
    expectTypeOf<z.output<Schemas['sfu:producerClosed']>>().toEqualTypeOf<
      ServerEventPayload<'sfu:producerClosed'>
    >();
    expectTypeOf<z.output<Schemas['media:reset']>>().toEqualTypeOf<ServerEventPayload<'media:reset'>>();
    expectTypeOf<z.output<Schemas['server:error']>>().toEqualTypeOf<
      Flat<ServerEventPayload<'server:error'>>
    >();
    expectTypeOf<z.output<Schemas['comment:batch']>>().toEqualTypeOf<ServerEventPayload<'comment:batch'>>();
    expectTypeOf<z.output<Schemas['comment:deleted']>>().toEqualTypeOf<
      ServerEventPayload<'comment:deleted'>
    >();
    expectTypeOf<z.output<Schemas['product:state']>>().toEqualTypeOf<ServerEventPayload<'product:state'>>();
    expectTypeOf<z.output<Schemas['insight:mood']>>().toEqualTypeOf<ServerEventPayload<'insight:mood'>>();
    expectTypeOf<z.output<Schemas['insight:alert']>>().toEqualTypeOf<ServerEventPayload<'insight:alert'>>();
    expectTypeOf<z.output<Schemas['order:update']>>().toEqualTypeOf<ServerEventPayload<'order:update'>>();
    expectTypeOf<z.output<Schemas['mod:state']>>().toEqualTypeOf<ServerEventPayload<'mod:state'>>();
    expectTypeOf<z.output<Schemas['caption']>>().toEqualTypeOf<ServerEventPayload<'caption'>>();
    expectTypeOf<z.output<Schemas['caption:demand']>>().toEqualTypeOf<ServerEventPayload<'caption:demand'>>();
    expectTypeOf<z.output<Schemas['ops:board']>>().toEqualTypeOf<ServerEventPayload<'ops:board'>>();
    expectTypeOf<z.output<Schemas['ops:bucket']>>().toEqualTypeOf<ServerEventPayload<'ops:bucket'>>();
    expectTypeOf<z.output<Schemas['alert']>>().toEqualTypeOf<ServerEventPayload<'alert'>>();
    expectTypeOf<z.output<Schemas['ops:note']>>().toEqualTypeOf<ServerEventPayload<'ops:note'>>();
    expectTypeOf<z.output<Schemas['note:dismissed']>>().toEqualTypeOf<ServerEventPayload<'note:dismissed'>>();
    expectTypeOf<z.output<Schemas['recording:status']>>().toEqualTypeOf<
      ServerEventPayload<'recording:status'>
    >();
    expectTypeOf<z.output<Schemas['replay:state']>>().toEqualTypeOf<ServerEventPayload<'replay:state'>>();
    expectTypeOf<z.output<Schemas['pitch:next']>>().toEqualTypeOf<ServerEventPayload<'pitch:next'>>();
    expect(Object.keys(serverEventSchemas).length).toBe(26);
  });
});

const room = { id: 'r1', title: 'Spring sale', hostLanguage: 'zh-CN', status: 'live', createdAt: 1 } as const;
const product = {
  id: 'p1',
  roomId: 'r1',
  titles: { en: 'Sunglasses', 'zh-CN': '太阳镜' },
  prices: { USD: 1999 },
  stock: 5,
  images: [],
  arAsset: null,
  aliases: ['shades'],
  pinned: true,
  updatedAt: 10,
};
const order = {
  id: 'o1',
  roomId: 'r1',
  productId: 'p1',
  buyerId: 'u1',
  quantity: 2,
  currency: 'USD',
  amountMinor: 3998,
  status: 'paid',
  createdAt: 1,
  updatedAt: 2,
} as const;
const caption: Caption = {
  id: 'u1',
  lang: 'es',
  text: 'Gafas Sunglow',
  final: true,
  startMs: 0,
  endMs: 900,
  emittedAt: 5,
  source: false,
  terms: [{ start: 6, end: 13, productId: 'p1', kind: 'product' }],
};
const comment = (text: string) =>
  toCommentTuple({
    id: 'c1',
    t: 1200,
    a: 'u1',
    n: 'Viewer 1abc',
    text,
    k: 'v',
    x: { lang: 'en', s: 'pos', sc: 0.8123, i: ['price', 'buy'], p: 'p1' },
  });

const metrics = {
  online: 12,
  views: 20,
  entries: 4,
  exits: 1,
  avgWatchMs: 8000,
  comments: 9,
  commenters: 5,
  interactionRate: 0.25,
  impressions: 18,
  clicks: 3,
  ctr: 1 / 6,
  orders: 1,
  buyers: 1,
  gmvPlaced: { USD: 3998 },
  gmvPaid: {},
  conversion: 0.05,
  gpm: { USD: 199_900 },
  sentiment: { pos: 4, neu: 3, neg: 2 },
};

/** One realistic payload per event, as the backend sends it. */
const VALID: { [E in ServerEvent]: ServerEventPayload<E> } = {
  'session:identity': { token: 't'.repeat(40), roomId: 'r1', handle: 'uHandle0001', expiresAt: 99 },
  'room:state': { room, hostConnected: true },
  'sfu:newProducer': { roomId: 'r1', producerId: 'pr1', kind: 'video' },
  'sfu:producerClosed': { roomId: 'r1', producerId: 'pr1' },
  'media:reset': { roomId: 'r1', reason: 'worker died' },
  'server:error': { event: 'comment:send', code: 'rate_limited', message: 'Slow down' },
  'comment:batch': encodeCommentFrame(
    'r1',
    [comment('how much?'), toCommentTuple({ id: 'c2', t: 1, a: 'h', n: 'Host', text: 'hi', k: 'h' })],
    3,
  ),
  'comment:deleted': { roomId: 'r1', commentId: 'c1' },
  'product:state': { roomId: 'r1', product },
  'insight:mood': {
    roomId: 'r1',
    at: 5,
    score: -0.25,
    last: { neg: 2, neu: 1, pos: 1 },
    timeline: [{ at: 0, neg: 2, neu: 1, pos: 1 }],
    segments: [{ productId: null, from: 0, neg: 2, neu: 1, pos: 1 }],
    openQuestions: [{ text: 'size?', count: 3, lastAt: 4, productId: 'p1' }],
  },
  'pitch:next': {
    roomId: 'r1',
    at: 5,
    picks: [
      {
        productId: 'p1',
        score: 0.4,
        exploring: false,
        reasons: [
          { kind: 'asked', intent: 'size', count: 14, minutes: 2 },
          { kind: 'clicked', count: 5, minutes: 2 },
          { kind: 'not_presented', minutes: null },
        ],
      },
      { productId: 'p2', score: 0.3, exploring: true, reasons: [{ kind: 'exploring' }] },
    ],
    presenting: null,
  },
  'compliance:violation': {
    id: 'v1',
    roomId: 'r1',
    at: 5,
    source: 'caption',
    sourceId: 'utt-1',
    lang: 'zh-CN',
    text: '这款洗发水是国家级配方',
    level: 2,
    flags: [
      {
        category: 'absolute_term',
        rule: 'cn.absolute.national',
        words: '国家级',
        market: 'CN',
        severity: 2,
        citation: 'Advertising Law art. 9(3)',
        rephrase: '精选配方',
      },
    ],
    acknowledgedAt: null,
  },
  'compliance:markets': {
    roomId: 'r1',
    home: 'CN',
    markets: [
      {
        market: 'CN',
        name: 'China (mainland)',
        why: 'home',
        viewers: 1,
        share: 0.5,
        sellingPoints: ['Value'],
        cautions: ['No absolute terms'],
      },
    ],
    added: [],
    excluded: ['US'],
    available: [{ market: 'CN', name: 'China (mainland)' }],
    unmapped: 1,
  },
  'multistream:status': {
    roomId: 'r1',
    encoder: { state: 'running', reason: null, cpuPct: 42.5 },
    destinations: [
      {
        id: 'd1',
        name: 'YouTube',
        platform: 'youtube',
        state: 'reconnecting',
        error: 'unreachable',
        detail: 'Connection refused',
        bitrateKbps: null,
        droppedFrames: 3,
        uptimeMs: 0,
        reconnects: 2,
        since: 9,
      },
    ],
    at: 10,
  },
  'insight:alert': { roomId: 'r1', at: 5, kind: 'questions', open: 4, top: 'size?' },
  'order:update': order,
  'mod:state': { roomId: 'r1', blockedWords: ['spam'], muted: [], banned: ['u9'], slowModeSeconds: 0 },
  caption: { roomId: 'r1', caption },
  'caption:demand': { roomId: 'r1', languages: { es: 2, 'zh-CN': 1 } },
  'ops:board': {
    tiles: [
      {
        roomId: 'r1',
        title: 'Spring sale',
        host: 'zh-CN',
        liveSince: 1,
        online: 12,
        onlineTrend: [3, 8, 12],
        gmvPlaced: { USD: 3998 },
        gpm: { USD: 199_900 },
        conversion: 0.05,
        mood: -0.2,
        languages: [{ lang: 'es', online: 7 }],
        health: {
          roomId: 'r1',
          videoKbps: 1800,
          lossPct: 0.5,
          fps: 30,
          captionLagMs: 700,
          at: 4,
          poor: false,
        },
        openAlerts: 1,
        violations: 2,
        restream: { live: 2, total: 3, trouble: 1 },
      },
    ],
    removed: ['r0'],
    at: 5,
  },
  'ops:bucket': {
    roomId: 'r1',
    bucket: {
      roomId: 'r1',
      start: 10_000,
      room: metrics,
      products: [
        {
          productId: 'p1',
          presented: 1,
          presentedMs: 10_000,
          impressions: 18,
          clicks: 3,
          ctr: 1 / 6,
          orders: 1,
          gmvPlaced: { USD: 3998 },
          gmvPaid: {},
        },
      ],
      languages: [{ lang: 'es', views: 11, online: 7, orders: 1, gmvPlaced: { USD: 3998 } }],
    },
    windows: { at: 20_000, last: metrics, previous: metrics, total: metrics },
  },
  alert: {
    id: 'a1',
    roomId: 'r1',
    kind: 'sold_out',
    at: 5,
    detail: { productId: 'p1', stock: 0 },
    open: true,
    acknowledged: { by: 'ops-1', at: 6 },
  },
  'ops:note': { id: 'n1', roomId: 'r1', text: 'Pin the sunglasses again', from: 'ops-1', at: 7 },
  'note:dismissed': { roomId: 'r1', noteId: 'n1' },
  'recording:status': { roomId: 'r1', state: 'off', reason: 'FFmpeg not found', segments: 0, at: 5 },
  'replay:state': { roomId: 'r1', state: 'ready', readyAt: 9 },
};

describe('server event checks', () => {
  it('accept a realistic payload of every event, unchanged', () => {
    for (const event of Object.keys(VALID) as ServerEvent[]) {
      const checked = checkServerEvent(event, VALID[event]);
      expect(checked, event).toEqual({ ok: true, value: VALID[event] });
    }
  });

  it("take a 10 kB HTML comment as text: markup is the renderer's to keep as text, not a bad frame", () => {
    const html = `<img src=x onerror="alert(1)">${'<b>buy</b>'.repeat(1000)}`;
    const checked = checkServerEvent('comment:batch', encodeCommentFrame('r1', [comment(html)], 0));
    expect(checked.ok).toBe(true);
  });

  it.each([
    [
      'a product whose price is a string',
      'product:state',
      { roomId: 'r1', product: { ...product, prices: { USD: '19.99' } } },
    ],
    [
      'a product without its stock',
      'product:state',
      { roomId: 'r1', product: { ...product, stock: undefined } },
    ],
    ['an order in a status that does not exist', 'order:update', { ...order, status: 'shipped' }],
    ['a room state without the room', 'room:state', { hostConnected: true }],
    [
      'a room in an unknown status',
      'room:state',
      { room: { ...room, status: 'paused' }, hostConnected: true },
    ],
    ['a producer of an unknown kind', 'sfu:newProducer', { roomId: 'r1', producerId: 'p', kind: 'screen' }],
    [
      'a comment frame whose comments are objects',
      'comment:batch',
      { r: 'r1', c: [{ id: 'c1', text: 'hi' }] },
    ],
    [
      'a comment with an unknown sentiment',
      'comment:batch',
      { r: 'r1', c: [['c1', 1, 'u', 'n', 'hi', 'v', 'en', 'angry', 0, 0, null]] },
    ],
    [
      'a comment whose author kind is unknown',
      'comment:batch',
      { r: 'r1', c: [['c1', 1, 'u', 'n', 'hi', 'x']] },
    ],
    ['a comment frame with a negative shed count', 'comment:batch', { r: 'r1', c: [], s: -4 }],
    [
      'a caption whose term lies outside its text',
      'caption',
      { roomId: 'r1', caption: { ...caption, terms: [{ ...caption.terms[0], end: 99 }] } },
    ],
    ['a caption demand with a fractional count', 'caption:demand', { roomId: 'r1', languages: { es: 0.5 } }],
    ['a mood alert of an unknown kind', 'insight:alert', { roomId: 'r1', at: 1, kind: 'panic' }],
    ['a mood score of NaN', 'insight:mood', { ...VALID['insight:mood'], score: Number.NaN }],
    ['an identity with an empty token', 'session:identity', { ...VALID['session:identity'], token: '' }],
    ['an error with an unknown code', 'server:error', { event: 'x', code: 'teapot', message: 'no' }],
    ['moderation with muted users as a string', 'mod:state', { ...VALID['mod:state'], muted: 'u1' }],
    ['null', 'media:reset', null],
    ['a bare string', 'comment:deleted', 'c1'],
  ] as [string, ServerEvent, unknown][])('drop %s', (_what, event, payload) => {
    const checked = checkServerEvent(event, payload);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error).toBeInstanceOf(InvalidServerEventError);
      expect(checked.error.event).toBe(event);
      expect(checked.error.issues.length).toBeGreaterThan(0);
    }
  });

  it('drop a malformed payload, count it, and still deliver the next valid one; a throwing handler stays inside', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const socket = {
      on: (event: string, l: (payload: unknown) => void) => listeners.set(event, l),
      off: (event: string) => listeners.delete(event),
    };
    const invalid: [string, number][] = [];
    const failed: string[] = [];
    const hub = new ServerEventHub(socket, {
      invalid: (e, count) => invalid.push([e.event, count]),
      handlerFailed: (event) => failed.push(event),
    });
    const seen: string[] = [];
    const alsoSeen: string[] = [];
    hub.on('order:update', (o) => {
      if (o.id === 'boom') throw new Error('handler bug');
      seen.push(o.status);
    });
    const off = hub.on('order:update', (o) => alsoSeen.push(o.id));
    const frame = (payload: unknown) => listeners.get('order:update')!(payload);
    frame({ ...order, status: 'shipped' });
    frame({ ...order, amountMinor: '3998' });
    frame(order);
    expect(() => frame({ ...order, id: 'boom' })).not.toThrow();
    frame({ ...order, status: 'refunded' });
    expect(seen).toEqual(['paid', 'refunded']);
    // A handler that throws does not keep the event from the others.
    expect(alsoSeen).toEqual(['o1', 'boom', 'o1']);
    expect(invalid).toEqual([
      ['order:update', 1],
      ['order:update', 2],
    ]);
    expect(failed).toEqual(['order:update']);
    expect(hub.droppedCount('order:update')).toBe(2);
    expect(hub.droppedCount('caption')).toBe(0);
    expect(hub.droppedCount()).toBe(2);
    // One socket listener per event, removed with its last handler.
    expect([...listeners.keys()]).toEqual(['order:update']);
    off();
    expect(listeners.size).toBe(1);
  });

  it('hand handlers the parsed copy: fields the schema does not know never reach them', () => {
    const checked = checkServerEvent('comment:deleted', { roomId: 'r1', commentId: 'c1', html: '<script>' });
    expect(checked).toEqual({ ok: true, value: { roomId: 'r1', commentId: 'c1' } });
  });
});
