import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBinaries, stageBinaries } from './stage-binaries';

function tree() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'livebridge-stage-'));
  const release = path.join(root, 'node_modules/mediasoup/worker/out/Release');
  mkdirSync(release, { recursive: true });
  writeFileSync(path.join(release, 'mediasoup-worker'), 'worker');
  const bin = path.join(root, 'usr-bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'ffmpeg'), 'ffmpeg');
  return { root, bin };
}

describe('staging the packaged binaries', () => {
  it("finds mediasoup's worker and FFmpeg on PATH, and copies both into dist/bin as executables", () => {
    const { root, bin } = tree();
    const found = findBinaries({ PATH: bin }, 'linux', root);
    expect(found.map((b) => [b.name, b.from])).toEqual([
      ['mediasoup-worker', path.join(root, 'node_modules/mediasoup/worker/out/Release/mediasoup-worker')],
      ['ffmpeg', path.join(bin, 'ffmpeg')],
    ]);
    const out = path.join(root, 'dist/bin');
    stageBinaries(found, out, 'linux');
    expect(readFileSync(path.join(out, 'mediasoup-worker'), 'utf8')).toBe('worker');
    expect(readFileSync(path.join(out, 'ffmpeg'), 'utf8')).toBe('ffmpeg');
    expect(() => accessSync(path.join(out, 'ffmpeg'), constants.X_OK)).not.toThrow();
  });

  it('prefers MEDIASOUP_WORKER_BIN and LIVEBRIDGE_FFMPEG, and says what to run when one is missing', () => {
    const { root, bin } = tree();
    const mine = path.join(root, 'my-ffmpeg');
    writeFileSync(mine, 'mine');
    const found = findBinaries(
      { PATH: bin, LIVEBRIDGE_FFMPEG: mine, MEDIASOUP_WORKER_BIN: '/nope' },
      'linux',
      root,
    );
    expect(found[0]).toMatchObject({ from: null, missing: expect.stringMatching(/setup:mediasoup/) });
    expect(found[1]).toMatchObject({ from: mine });
  });
});
