// The host pushes its state to the studio (window.studio's onStatus subscriptions) when it changes, so the
// studio never polls: the backend link, the outbox and captions, each payload valid against the contract.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studioEvents, type StudioEventMessage } from '../../core/protocol/studio-api';
import { StudioHost } from '../../main/studio-host';
import { startBackend, type Backend } from '../../server/backend';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, testToken, value, type RoomSocket } from '../support/room-clients';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'lb-host-events-'));

describe('StudioHost pushed events', () => {
  let backend: Backend;
  const opened: RoomSocket[] = [];
  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await backend.close();
  });

  const record = (host: StudioHost) => {
    const pushed: StudioEventMessage[] = [];
    host.onEvent((m) => pushed.push(m));
    const of = <E extends StudioEventMessage['event']>(event: E) => {
      const payloads = pushed.filter((m) => m.event === event).map((m) => m.payload);
      // Every push is valid against the contract's schema for its event.
      for (const p of payloads) expect(studioEvents[event].safeParse(p).success).toBe(true);
      return payloads as Extract<StudioEventMessage, { event: E }>['payload'][];
    };
    return { pushed, of };
  };

  it('pushes the backend link when it connects, with a latency, and when the backend is unreachable', async () => {
    const host = new StudioHost({
      mode: 'browser',
      serverUrl: backend.url,
      userDataDir: dataDir(),
      version: 't',
      logger: quietLogger,
      hostToken: testToken('host'),
    });
    const { of } = record(host);
    await expect.poll(() => of('backend.status').at(-1)?.state, { timeout: 10_000 }).toBe('connected');
    await expect.poll(() => of('backend.status').at(-1)?.latencyMs ?? null).not.toBeNull();
    host.close();

    const orphan = new StudioHost({
      mode: 'browser',
      serverUrl: 'http://127.0.0.1:9',
      userDataDir: dataDir(),
      version: 't',
      logger: quietLogger,
    });
    const down = record(orphan);
    await expect.poll(() => down.of('backend.status').at(-1)?.lastError ?? null).not.toBeNull();
    expect(down.of('backend.status').at(-1)?.state).not.toBe('connected');
    orphan.close();
  });

  it('pushes the outbox as an action is queued and again once the backend has it', async () => {
    const hostSocket = await connectAs(backend.url, { role: 'host' }, opened);
    const created = value(await hostSocket.emitWithAck('room:create', { title: 'Push', hostLanguage: 'en' }));
    const host = new StudioHost({
      mode: 'browser',
      serverUrl: backend.url,
      userDataDir: dataDir(),
      version: 't',
      logger: quietLogger,
      hostToken: testToken('host'),
    });
    const { of } = record(host);
    await expect.poll(() => of('outbox.status').at(-1)?.online, { timeout: 10_000 }).toBe(true);
    const before = of('outbox.status').length;
    const r = await host.invoke('analytics.mark', [
      { roomId: created.room.id, hostKey: created.hostKey, label: 'pushed' },
    ]);
    expect(r.ok).toBe(true);
    // Pushed without anyone asking, and it ends with the queue empty: the backend acknowledged the mark.
    await expect.poll(() => of('outbox.status').length).toBeGreaterThan(before);
    await expect.poll(() => of('outbox.status').at(-1)?.queued).toBe(0);
    host.close();
    // Nothing is pushed after close.
    const after = of('outbox.status').length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(of('outbox.status').length).toBe(after);
  });

  it('pushes the captions status and the models when the captions settings change', async () => {
    const host = new StudioHost({
      mode: 'browser',
      serverUrl: 'http://127.0.0.1:9',
      userDataDir: dataDir(),
      version: 't',
      logger: quietLogger,
      modelHubUrl: 'http://127.0.0.1:9',
    });
    const { of } = record(host);
    expect((await host.invoke('captions.setSettings', [{ sourceLang: 'es' }])).ok).toBe(true);
    await expect.poll(() => of('captions.status').at(-1)?.sourceLang).toBe('es');
    await expect.poll(() => of('models.status').length).toBeGreaterThan(0);
    expect(
      of('models.status')
        .at(-1)!
        .some((m) => m.kind === 'asr'),
    ).toBe(true);
    host.close();
  });
});
