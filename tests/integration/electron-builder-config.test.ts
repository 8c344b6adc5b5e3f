// Packaging needs downloads this machine cannot make, so the config is checked the way electron-builder
// itself checks it before it builds: against its own JSON schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { bundledBinaries } from '../../electron/bundled-binaries';
import { ROOT } from '../support/processes';

type Config = Parameters<typeof validateConfiguration>[0];
const config = load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;
const targetsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).map((t) =>
    typeof t === 'string' ? t : (t as { target: string }).target,
  );

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('really is checked: a misspelt option fails the same schema', async () => {
    await expect(
      validateConfiguration(
        { ...config, linux: { ...config.linux, targett: 'deb' } } as Config,
        new DebugLogger(false),
      ),
    ).rejects.toThrow(/Invalid configuration object[\s\S]*linux/);
  });

  it('builds AppImage and deb for Linux, nsis for Windows and dmg (zip for updates) for macOS', () => {
    expect(targetsOf(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.win?.target)).toEqual(['nsis']);
    expect(targetsOf(config.mac?.target)).toEqual(['dmg', 'zip']);
  });

  it('packages the built main process the app starts from', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect((config.extraMetadata as { main: string }).main).toBe(pkg.main);
    expect(config.files).toContain('dist/electron/**');
  });
});

describe('what the desktop package carries', () => {
  it('the embedded backend bundle, and the mediasoup worker and FFmpeg outside the asar', () => {
    const extra = config.extraResources as { from: string; to: string; filter: string[] }[];
    expect(extra).toContainEqual(
      expect.objectContaining({
        from: 'dist/bin',
        to: 'bin',
        filter: expect.arrayContaining(['mediasoup-worker', 'ffmpeg']),
      }),
    );
    // electron/bundled-binaries.ts looks for them there.
    expect(bundledBinaries('/r', 'linux')).toEqual({
      mediasoupWorker: path.join('/r', 'bin', 'mediasoup-worker'),
      ffmpeg: path.join('/r', 'bin', 'ffmpeg'),
    });
    // The backend reads its sentiment model and compliance packs from assets/.
    expect(config.files).toEqual(
      expect.arrayContaining(['assets/models/sentiment/**', 'assets/compliance/**']),
    );
  });
});
