import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ElectronShell } from './desktop-shell';
import { DesktopUpdater, type UpdaterEngine } from './updater';

function withUpdate() {
  const engine = Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    installs: 0,
    checkForUpdates: () => Promise.resolve(null),
    quitAndInstall() {
      engine.installs += 1;
    },
  });
  const shell = new ElectronShell(new DesktopUpdater(engine as unknown as UpdaterEngine));
  engine.emit('update-downloaded', { version: '0.2.0' });
  return { engine, shell };
}

describe('ElectronShell', () => {
  it('without an updater (run from a checkout) says updates are unsupported', () => {
    const shell = new ElectronShell(null);
    expect(shell.updateStatus()).toEqual({ state: 'unsupported' });
    expect(shell.restartToUpdate()).toEqual({ outcome: 'nothing' });
  });

  it("the studio's live report holds the restart back until the stream ends, and tells the tray", () => {
    const { engine, shell } = withUpdate();
    let changes = 0;
    shell.onChange(() => changes++);
    shell.liveChanged({ live: true, roomId: 'r1', title: 'Scarves' });
    expect(shell.live).toEqual({ live: true, roomId: 'r1', title: 'Scarves' });
    expect(shell.restartToUpdate()).toEqual({ outcome: 'queued' });
    expect(engine.installs).toBe(0);
    shell.liveChanged({ live: false, roomId: null, title: null });
    expect(engine.installs).toBe(1);
    expect(changes).toBeGreaterThanOrEqual(3);
  });
});
