// The desktop app's side of the studio host's DesktopShell: the updater (none when the app runs from a
// checkout), and the studio's live state, which holds back the restart and drives the tray and the close
// guard (they listen with onChange).
import type { LiveReport, RestartOutcome, UpdateStatus } from '../core/protocol/desktop';
import type { DesktopShell } from '../main/desktop-shell';
import type { DesktopUpdater } from './updater';

export class ElectronShell implements DesktopShell {
  private liveReport: LiveReport | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly updater: DesktopUpdater | null) {
    updater?.onStatus(() => this.changed());
  }

  get live(): LiveReport | null {
    return this.liveReport;
  }

  updateStatus(): UpdateStatus {
    return this.updater?.status ?? { state: 'unsupported' };
  }

  onUpdateStatus(listener: () => void): () => void {
    return this.updater?.onStatus(() => listener()) ?? (() => undefined);
  }

  restartToUpdate(): RestartOutcome {
    return this.updater?.restart() ?? { outcome: 'nothing' };
  }

  liveChanged(report: LiveReport): void {
    this.liveReport = report;
    this.updater?.setLive(report.live);
    this.changed();
  }

  /** The live state or the update status changed (the tray redraws). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
