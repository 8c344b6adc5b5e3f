// What only the desktop app has, as the studio host sees it: updates, and being told when the studio goes
// live (tray, close guard, the held-back restart). electron/ implements it; browser mode has none.
import type { LiveReport, RestartOutcome, UpdateStatus } from '../core/protocol/desktop';

export interface DesktopShell {
  updateStatus(): UpdateStatus;
  /** Calls `listener` when the update status changes; returns a disposer. */
  onUpdateStatus(listener: () => void): () => void;
  restartToUpdate(): RestartOutcome;
  liveChanged(report: LiveReport): void;
}

/** Browser mode: no updates to install, nothing else to tell. */
export const NO_DESKTOP_SHELL: DesktopShell = {
  updateStatus: () => ({ state: 'unsupported' }),
  onUpdateStatus: () => () => undefined,
  restartToUpdate: () => ({ outcome: 'nothing' }),
  liveChanged: () => undefined,
};
