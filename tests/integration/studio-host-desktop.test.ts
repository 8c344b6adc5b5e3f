// The host's desktop capabilities through window.studio's entry point: the live report keeps the
// crash-while-live marker and reaches the desktop shell; browser mode has no updates.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveReport } from '../../core/protocol/desktop';
import type { DesktopShell } from '../../main/desktop-shell';
import { StudioHost } from '../../main/studio-host';
import { startBackend, type Backend } from '../../server/backend';
import { quietLogger } from '../support/quiet-logger';
import { testToken } from '../support/room-clients';

describe('StudioHost: desktop', () => {
  let backend: Backend;
  const hosts: StudioHost[] = [];
  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
  });
  afterAll(async () => {
    hosts.forEach((h) => h.close());
    await backend.close();
  });

  const makeHost = (userDataDir: string, shell?: DesktopShell) => {
    const host = new StudioHost({
      mode: shell ? 'electron' : 'browser',
      serverUrl: backend.url,
      userDataDir,
      version: '9.9.9',
      logger: quietLogger,
      hostToken: testToken('host'),
      ...(shell ? { shell } : {}),
    });
    hosts.push(host);
    return host;
  };

  it('a studio that crashed while live is offered its stream at the next start; the shell hears each report', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lb-host-desktop-'));
    const heard: LiveReport[] = [];
    const shell: DesktopShell = {
      updateStatus: () => ({ state: 'ready', version: '1.0.0', queued: false }),
      onUpdateStatus: () => () => undefined,
      restartToUpdate: () => ({ outcome: 'queued' }),
      liveChanged: (report) => heard.push(report),
    };
    const first = makeHost(dir, shell);
    const report = { live: true, roomId: 'room-1', title: 'Night market' };
    expect(await first.invoke('live.report', [report])).toEqual({ ok: true, value: true });
    expect(heard).toEqual([report]);
    expect(await first.invoke('updates.restart', [])).toEqual({ ok: true, value: { outcome: 'queued' } });
    first.close(); // no end of stream: the app died

    const next = makeHost(dir);
    expect(await next.invoke('live.resumable', [])).toMatchObject({
      ok: true,
      value: { roomId: 'room-1', title: 'Night market' },
    });
    await next.invoke('live.report', [{ live: false, roomId: null, title: null }]);
    expect(await makeHost(dir).invoke('live.resumable', [])).toEqual({ ok: true, value: null });
  });

  it('browser mode has no updates, and a malformed live report is a typed error', async () => {
    const host = makeHost(mkdtempSync(path.join(os.tmpdir(), 'lb-host-desktop-')));
    expect(await host.invoke('updates.getStatus', [])).toEqual({ ok: true, value: { state: 'unsupported' } });
    expect(await host.invoke('updates.restart', [])).toEqual({ ok: true, value: { outcome: 'nothing' } });
    expect(await host.invoke('live.report', [{ live: 'yes' }])).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
  });
});
