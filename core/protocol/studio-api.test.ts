import { describe, expect, it } from 'vitest';
import { fail, ok, parseInput, StudioError, toProtocolError, unwrap } from './result';
import {
  isStudioEvent,
  isStudioMethod,
  STUDIO_EVENTS,
  studioEvents,
  STUDIO_METHODS,
  studioMethods,
} from './studio-api';
import { createStudioApi } from './studio-client';

const noSubscribe = () => () => undefined;

describe('window.studio contract', () => {
  it('gives every capability one method that calls exactly its own channel with its arguments', async () => {
    const calls: [string, unknown[]][] = [];
    const api = createStudioApi(
      (async (method: string, args: unknown[]) => {
        calls.push([method, args]);
        return ok(null);
      }) as never,
      noSubscribe,
    );
    await api.app.getInfo();
    await api.settings.get();
    await api.settings.setLanguage('zh-CN');
    await api.settings.set({ captionTargets: ['es'] });
    await api.backend.getStatus();
    await api.outbox.getStatus();
    const wait = { id: 'event-id-1', timeoutMs: 5000 };
    await api.outbox.whenSent(wait);
    const mark = { roomId: 'r', hostKey: 'k'.repeat(16), label: 'intro' };
    await api.analytics.mark(mark);
    const pin = { action: 'product.pin', roomId: 'r', productId: 'p', hostKey: 'k' } as const;
    await api.room.hostAction(pin);
    const start = { roomId: 'r', hostKey: 'k'.repeat(16), targets: ['es' as const] };
    const chunk = { seq: 3, pcm: 'AAAA' };
    const request = { target: 'en' as const, items: [{ id: 'c1', text: 'hola', lang: 'es' }] };
    await api.captions.getStatus();
    await api.captions.getSettings();
    await api.captions.setSettings({ sourceLang: 'es' });
    await api.captions.start(start);
    await api.captions.stop();
    await api.captions.pushAudio(chunk);
    await api.models.download('whisper-base');
    await api.translate.comments(request);
    await api.ops.dashboardLink();
    await api.replay.link();
    const dest = { name: 'Shop', url: 'rtmp://live.example.com/app', key: 'k', enabled: true };
    await api.multistream.list();
    await api.multistream.save(dest);
    await api.multistream.remove('d1');
    await api.multistream.start({ roomId: 'r1', hostKey: 'h'.repeat(20) });
    await api.multistream.stop('r1');
    const report = { live: true, roomId: 'r1', title: 'Scarves' };
    await api.updates.getStatus();
    await api.updates.restart();
    await api.live.report(report);
    await api.live.resumable();
    expect(calls).toEqual([
      ['app.getInfo', []],
      ['settings.get', []],
      ['settings.setLanguage', ['zh-CN']],
      ['settings.set', [{ captionTargets: ['es'] }]],
      ['backend.getStatus', []],
      ['outbox.getStatus', []],
      ['outbox.whenSent', [wait]],
      ['analytics.mark', [mark]],
      ['room.hostAction', [pin]],
      ['captions.getStatus', []],
      ['captions.getSettings', []],
      ['captions.setSettings', [{ sourceLang: 'es' }]],
      ['captions.start', [start]],
      ['captions.stop', []],
      ['captions.pushAudio', [chunk]],
      ['models.download', [{ id: 'whisper-base' }]],
      ['translate.comments', [request]],
      ['ops.dashboardLink', []],
      ['replay.link', []],
      ['multistream.list', []],
      ['multistream.save', [dest]],
      ['multistream.remove', [{ id: 'd1' }]],
      ['multistream.start', [{ roomId: 'r1', hostKey: 'h'.repeat(20) }]],
      ['multistream.stop', [{ roomId: 'r1' }]],
      ['updates.getStatus', []],
      ['updates.restart', []],
      ['live.report', [report]],
      ['live.resumable', []],
    ]);
    // Every method of the contract is reachable from the API, and nothing else is.
    expect(calls.map(([m]) => m).sort()).toEqual([...STUDIO_METHODS].sort());
  });

  it('gives every pushed event one subscribe method on exactly its own channel, with a disposer', () => {
    const subscribed: string[] = [];
    const disposed: string[] = [];
    const api = createStudioApi((async () => ok(null)) as never, (event) => {
      subscribed.push(event);
      return () => disposed.push(event);
    });
    const listener = () => undefined;
    const disposers = [
      api.backend.onStatus(listener),
      api.outbox.onStatus(listener),
      api.captions.onStatus(listener),
      api.models.onStatus(listener),
      api.updates.onStatus(listener),
    ];
    expect(subscribed).toEqual([
      'backend.status',
      'outbox.status',
      'captions.status',
      'models.status',
      'updates.status',
    ]);
    // Every event of the contract can be subscribed to, and nothing else.
    expect([...subscribed].sort()).toEqual([...STUDIO_EVENTS].sort());
    disposers.forEach((d) => d());
    expect(disposed).toEqual(subscribed);
  });

  it('has a schema for every pushed event that refuses a malformed payload', () => {
    expect(isStudioEvent('backend.status')).toBe(true);
    for (const bad of ['constructor', '__proto__', 'backend', 'backend.getStatus', 42, null]) {
      expect(isStudioEvent(bad)).toBe(false);
    }
    const backend = { url: 'http://x', state: 'connected', latencyMs: 1.5, lastError: null };
    expect(studioEvents['backend.status'].safeParse(backend).success).toBe(true);
    expect(studioEvents['backend.status'].safeParse({ ...backend, state: 'on fire' }).success).toBe(false);
    expect(studioEvents['outbox.status'].safeParse({ online: true, queued: -1 }).success).toBe(false);
    expect(studioEvents['models.status'].safeParse([{ id: 'x' }]).success).toBe(false);
    expect(
      studioEvents['updates.status'].safeParse({ state: 'downloading', version: '1', percent: 101 }).success,
    ).toBe(false);
  });

  it('rejects method names that are not in the contract, including prototype keys', () => {
    expect(isStudioMethod('settings.get')).toBe(true);
    for (const bad of ['constructor', '__proto__', 'toString', 'settings', '', 42, null]) {
      expect(isStudioMethod(bad)).toBe(false);
    }
  });

  it('validates arguments with a typed error that names the bad field', () => {
    const schema = studioMethods['settings.setLanguage'].args;
    expect(parseInput(schema, ['en'], 'args')).toEqual(['en']);
    try {
      parseInput(schema, ['fr-XX'], 'arguments for settings.setLanguage');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StudioError);
      const e = error as StudioError;
      expect(e.code).toBe('invalid_argument');
      expect(e.issues[0]?.path).toBe('0');
      expect(e.message).toContain('settings.setLanguage');
    }
    expect(() => parseInput(schema, [], 'args')).toThrow(StudioError);
    expect(() => parseInput(schema, ['en', 'extra'], 'args')).toThrow(StudioError);
  });

  it('hides the details of unexpected failures and keeps typed ones', () => {
    expect(toProtocolError(new Error('secret path /home/x'))).toEqual({
      code: 'internal',
      message: 'Internal error',
    });
    expect(toProtocolError(new StudioError('not_found', 'No room r1'))).toEqual({
      code: 'not_found',
      message: 'No room r1',
    });
    expect(() => unwrap(fail('timeout', 'slow'))).toThrow(/slow/);
    expect(unwrap(ok(3))).toBe(3);
  });
});
