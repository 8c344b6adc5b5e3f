// Launches the real desktop app with Playwright's Electron support when Electron's binary is installed;
// reports the test as skipped, with the reason, when it is not (offline installs, CI boxes).
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { buildElectron } from '../../scripts/lib/build';
import { electronUnavailableReason, findElectronBinary } from '../../scripts/lib/electron-binary';
import { ELECTRON_OUT, RENDERER_OUT } from '../../scripts/lib/paths';
import { startServer, tempDataDir } from '../support/processes';

const reason = electronUnavailableReason();
if (reason) console.log(`[electron e2e] skipped: ${reason}`);

test('the Electron app opens the studio with an isolated, sandboxed renderer', async () => {
  test.skip(reason !== null, `Electron cannot run here: ${reason}`);
  await buildElectron();
  const server = await startServer();
  const app = await electron.launch({
    executablePath: findElectronBinary()!.path,
    args: [path.join(ELECTRON_OUT, 'main.cjs'), '--no-sandbox'],
    env: {
      ...process.env,
      LIVEBRIDGE_SERVER_URL: server.url,
      LIVEBRIDGE_RENDERER_DIR: RENDERER_OUT,
      LIVEBRIDGE_HOME: tempDataDir(),
    },
  });
  try {
    const win = await app.firstWindow();
    await expect(win.getByTestId('page-title')).toHaveText('Studio');
    await expect(win.getByTestId('app-mode')).toHaveText('Desktop app');
    await expect(win.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
    const isolation = await win.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      bad: window.studio!.settings.setLanguage('klingon' as never),
    }));
    expect(isolation.require).toBe('undefined');
    expect(isolation.process).toBe('undefined');
    expect(await isolation.bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
  } finally {
    await app.close();
    await server.stop();
  }
});

test('without --server the app runs its own backend in a utility process, and stops it on quit', async () => {
  test.skip(reason !== null, `Electron cannot run here: ${reason}`);
  await buildElectron();
  const app = await electron.launch({
    executablePath: findElectronBinary()!.path,
    args: [path.join(ELECTRON_OUT, 'main.cjs'), '--no-sandbox'],
    env: {
      ...process.env,
      LIVEBRIDGE_SERVER_URL: '',
      LIVEBRIDGE_RENDERER_DIR: RENDERER_OUT,
      LIVEBRIDGE_HOME: tempDataDir(),
    },
  });
  let serverUrl = '';
  try {
    const win = await app.firstWindow();
    await expect(win.getByTestId('backend-state')).toHaveAttribute('data-state', 'connected');
    const info = await win.evaluate(() => window.studio!.app.getInfo());
    expect(info).toMatchObject({
      ok: true,
      value: { serverUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) },
    });
    serverUrl = (info as { value: { serverUrl: string } }).value.serverUrl;
    expect((await fetch(`${serverUrl}/healthz`)).ok).toBe(true);
  } finally {
    await app.close();
  }
  await expect(fetch(`${serverUrl}/healthz`)).rejects.toThrow();
});
