// The replay bench's recording (replay-bench.ts): the real studio (browser mode: StudioHost and its bridge,
// the studio page in Chromium with the fake camera's test pattern at 1280x720) goes live on the bench's
// backend, whose recorder (mediasoup PlainTransport -> FFmpeg, VP8 copied into WebM) records it. The CPU the
// recorder's FFmpeg used while recording RECORD_S seconds, from RecordingsApi.cpuSeconds, is one core's %.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { RecordingStatus } from '../../core/protocol/replay';
import { startBrowserHost } from '../../main/browser-bridge/bridge-server';
import { StudioHost } from '../../main/studio-host';
import { RENDERER_OUT } from '../../scripts/lib/paths';
import { quietLogger } from '../support/quiet-logger';
import { BenchFailure } from './ops-bench-parts';
import { recorderState, type ReplayServer } from './replay-bench-parts';

export interface RecordedStream {
  roomId: string;
  /** FFmpeg CPU over the measured seconds, % of one core. */
  cpuPct: number;
  seconds: number;
  segments: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Streams the studio's test pattern for `recordS` seconds with the recorder on; ends the stream after. */
export async function recordStudioStream(
  browser: Browser,
  server: ReplayServer,
  recordS: number,
): Promise<RecordedStream> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lb-replay-studio-'));
  const host = new StudioHost({
    mode: 'browser',
    serverUrl: server.url,
    userDataDir: dataDir,
    version: 'bench',
    logger: quietLogger,
    hostToken: server.tokens.host,
  });
  const bridge = await startBrowserHost({ host, rendererDir: RENDERER_OUT, serverUrl: server.url });
  const context = await browser.newContext();
  try {
    const studio = await context.newPage();
    await studio.goto(bridge.studioUrl);
    await studio.getByTestId('start-preview').click();
    await studio.locator('[data-phase="preview"]').waitFor({ timeout: 30_000 });
    await studio.getByTestId('camera-select').selectOption('test-pattern');
    await studio.getByTestId('go-live').click();
    await studio
      .getByTestId('live-phase')
      .and(studio.locator('[data-phase="live"]'))
      .waitFor({ timeout: 30_000 });
    const viewerUrl = (await studio.getByTestId('viewer-url').textContent())!;
    const roomId = new URL(viewerUrl).searchParams.get('room')!;

    // Measured once the recorder says 'recording' (FFmpeg runs and has the stream).
    let status: RecordingStatus | null = null;
    for (const until = Date.now() + 30_000; Date.now() < until; await sleep(500)) {
      status = (await recorderState(server, roomId)).status;
      if (status.state === 'recording') break;
    }
    if (status?.state !== 'recording')
      throw new BenchFailure(
        `the recorder is '${status?.state}' (${status?.reason ?? ''}) 30 s after going live, not recording`,
      );
    await sleep(2000); // FFmpeg's start-up (probing) is not the steady cost of recording
    const c0 = (await recorderState(server, roomId)).cpuSeconds;
    const t0 = Date.now();
    await sleep(recordS * 1000);
    const after = await recorderState(server, roomId);
    const c1 = after.cpuSeconds;
    const seconds = (Date.now() - t0) / 1000;
    await studio.getByTestId('end-live').click();
    await studio
      .locator('[data-phase="idle"], [data-phase="ended"]')
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => undefined);
    return { roomId, cpuPct: ((c1 - c0) / seconds) * 100, seconds, segments: after.status.segments };
  } finally {
    await context.close();
    await bridge.close();
    host.close();
  }
}
