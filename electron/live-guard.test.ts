import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../core/protocol/desktop';
import { closeAnswer, closeDecision, KEEP_STREAMING_INDEX, trayView } from './live-guard';
import { trayBitmap } from './tray-icon';

const live = { live: true, roomId: 'r1', title: 'Silk scarves' };
const offAir = { live: false, roomId: null, title: null };
const idle: UpdateStatus = { state: 'idle', checkedAt: null };
const ready: UpdateStatus = { state: 'ready', version: '0.2.0', queued: false };

describe('closing while live', () => {
  it('asks before closing a live studio, and closes at once off air', () => {
    expect(closeDecision(live, false)).toBe('confirm');
    expect(closeDecision(live, true)).toBe('close');
    expect(closeDecision(offAir, false)).toBe('close');
    expect(closeDecision(null, false)).toBe('close');
  });

  it('only "end the stream and close" closes; the default button keeps streaming', () => {
    expect(closeAnswer(KEEP_STREAMING_INDEX)).toBe('stay');
    expect(closeAnswer(1)).toBe('close');
    expect(closeAnswer(-1)).toBe('stay'); // the dialog dismissed
  });
});

describe('the tray', () => {
  it('shows live with the stream title, and offers no restart while live', () => {
    const view = trayView(live, ready);
    expect(view.icon).toBe('live');
    expect(view.status).toEqual({ key: 'tray.liveTitled', values: { title: 'Silk scarves' } });
    expect(view.canRestartToUpdate).toBe(false);
  });

  it('off air: the update that waits, its download, or nothing', () => {
    expect(trayView(offAir, ready)).toMatchObject({
      icon: 'idle',
      status: { key: 'tray.updateReady', values: { version: '0.2.0' } },
      canRestartToUpdate: true,
    });
    expect(trayView(null, { state: 'downloading', version: '0.2.0', percent: 41.6 }).status).toEqual({
      key: 'tray.updateDownloading',
      values: { percent: '42' },
    });
    expect(trayView(null, idle).status.key).toBe('tray.offAir');
    expect(trayView({ ...live, title: null }, idle).status).toEqual({ key: 'tray.live', values: {} });
  });

  it('draws a red dot live and a grey one off air, transparent in the corners', () => {
    const red = trayBitmap('live', 16);
    expect(red).toHaveLength(16 * 16 * 4);
    const centre = (8 * 16 + 8) * 4;
    expect([...red.subarray(centre, centre + 4)]).toEqual([0x23, 0x1c, 0xe5, 255]);
    expect(red[3]).toBe(0);
    const grey = trayBitmap('idle', 16);
    expect(grey[centre + 2]).toBe(0x8a);
  });
});
