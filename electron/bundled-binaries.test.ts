import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendEnv, bundledBinaries } from './bundled-binaries';

describe('bundled binaries', () => {
  it('lives in resources/bin of the package, with .exe on Windows', () => {
    expect(bundledBinaries('/opt/LiveBridge/resources', 'linux')).toEqual({
      mediasoupWorker: path.join('/opt/LiveBridge/resources', 'bin', 'mediasoup-worker'),
      ffmpeg: path.join('/opt/LiveBridge/resources', 'bin', 'ffmpeg'),
    });
    expect(bundledBinaries('C:/LB/resources', 'win32').ffmpeg).toMatch(/ffmpeg\.exe$/);
  });

  it('a packaged app hands the backend its bundled worker and FFmpeg; a checkout leaves the env alone', () => {
    const base = { resourcesPath: '/r', platform: 'linux' as const, exists: () => true };
    expect(backendEnv({ ...base, env: { A: '1' }, isPackaged: true })).toEqual({
      A: '1',
      MEDIASOUP_WORKER_BIN: path.join('/r', 'bin', 'mediasoup-worker'),
      LIVEBRIDGE_FFMPEG: path.join('/r', 'bin', 'ffmpeg'),
    });
    expect(backendEnv({ ...base, env: { A: '1' }, isPackaged: false })).toEqual({ A: '1' });
  });

  it("keeps the user's own FFmpeg, and does not point at a binary the package lacks", () => {
    const env = backendEnv({
      env: { LIVEBRIDGE_FFMPEG: '/usr/local/bin/ffmpeg' },
      isPackaged: true,
      resourcesPath: '/r',
      platform: 'darwin',
      exists: (f) => !f.endsWith('mediasoup-worker'),
    });
    expect(env).toEqual({ LIVEBRIDGE_FFMPEG: '/usr/local/bin/ffmpeg' });
  });
});
