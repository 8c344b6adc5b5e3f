// The update decisions of the real electron-updater (its generic provider, semver comparison and sha512
// check), run in Node: its Linux (deb) updater with an app adapter in place of Electron's `app` and Node's
// HTTP executor in place of Electron's net, against a local feed. The feed's kind comes from
// electron-builder.yml's `publish`, as electron-builder writes it into resources/app-update.yml.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeHttpExecutor } from 'builder-util';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { dump, load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../core/protocol/desktop';
import { DesktopUpdater } from '../../electron/updater';
import { ROOT } from '../support/processes';
import { startUpdateFeed, type UpdateFeed } from '../support/update-server';

/**
 * The app's HTTP executor (its download, redirects and sha512 check) with Node's requests in place of
 * Electron's `net`, the one part that needs the binary.
 */
class NodeNetExecutor extends ElectronHttpExecutor {
  private readonly node = new NodeHttpExecutor();
  override createRequest(...args: Parameters<NodeHttpExecutor['createRequest']>) {
    return this.node.createRequest(...args) as never;
  }
}

const CACHE_DIR_NAME = 'livebridge-studio-updater';
const feeds: UpdateFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.close()));
});

function appAdapter(version: string): AppAdapter & { dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'livebridge-updates-'));
  return {
    dir,
    version,
    name: 'LiveBridge Studio',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: path.join(dir, 'user-data'),
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

async function updaterAt(installed: string) {
  const feed = await startUpdateFeed();
  feeds.push(feed);
  const app = appAdapter(installed);
  // resources/app-update.yml as electron-builder writes it from `publish`, pointed at the local feed.
  const builderConfig = load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
    publish: { provider: string; url: string }[];
  };
  const publish = builderConfig.publish[0]!;
  expect(publish.provider).toBe('generic');
  writeFileSync(
    app.appUpdateConfigPath,
    dump({ ...publish, url: feed.url, updaterCacheDirName: CACHE_DIR_NAME }),
  );
  const engine = new DebUpdater(null, app);
  (engine as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = new NodeNetExecutor();
  engine.logger = null;
  const updater = new DesktopUpdater(engine);
  const states: UpdateStatus[] = [];
  updater.onStatus((s) => states.push(s));
  return { feed, app, updater, states };
}

const installer = (version: string) =>
  Buffer.from(`deb package of LiveBridge Studio ${version}\n`.repeat(4000));

describe('updates from a generic feed (electron-updater)', () => {
  it('offers and downloads a newer version, verified, and is then ready to restart', async () => {
    const { feed, app, updater, states } = await updaterAt('0.1.0');
    feed.publish('0.2.0', installer('0.2.0'));
    await updater.check();
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['checking', 'available', 'ready']));
    expect(states.find((s) => s.state === 'available')).toEqual({ state: 'available', version: '0.2.0' });
    expect(updater.status).toEqual({ state: 'ready', version: '0.2.0', queued: false });
    expect(feed.requests).toEqual(['latest-linux.yml', 'livebridge-studio_0.2.0_amd64.deb']);
    const pending = path.join(app.baseCachePath, CACHE_DIR_NAME, 'pending');
    expect(readFileSync(path.join(pending, 'livebridge-studio_0.2.0_amd64.deb'))).toEqual(installer('0.2.0'));
  });

  it('does not offer the version already installed, nor an older one', async () => {
    const same = await updaterAt('0.2.0');
    same.feed.publish('0.2.0', installer('0.2.0'));
    await same.updater.check();
    expect(same.updater.status).toMatchObject({ state: 'idle', checkedAt: expect.any(Number) });
    expect(same.states.map((s) => s.state)).not.toContain('available');
    expect(same.feed.requests).toEqual(['latest-linux.yml']);

    const older = await updaterAt('0.3.0');
    older.feed.publish('0.2.0', installer('0.2.0'));
    await older.updater.check();
    expect(older.updater.status.state).toBe('idle');
  });

  it('refuses an installer whose sha512 does not match latest.yml, and keeps nothing of it', async () => {
    const { feed, app, updater } = await updaterAt('0.1.0');
    feed.publish('0.2.0', installer('0.2.0'), { claimedSha512: installer('0.1.9').toString('base64') });
    await updater.check();
    expect(updater.status).toMatchObject({ state: 'error', code: 'ERR_CHECKSUM_MISMATCH' });
    const pending = path.join(app.baseCachePath, CACHE_DIR_NAME, 'pending');
    expect(existsSync(pending) ? readdirSync(pending).filter((f) => f.endsWith('.deb')) : []).toEqual([]);
  });

  it('reports a feed without latest.yml as an error the studio can show', async () => {
    const { updater } = await updaterAt('0.1.0');
    await updater.check();
    expect(updater.status).toMatchObject({ state: 'error', code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' });
  });
});
