// Decisions that depend on whether the studio is live, kept apart from Electron so they are tested
// without it: closing the window (or quitting) while live asks first; the tray shows the live state and
// the update that waits.
import type { LiveReport, UpdateStatus } from '../core/protocol/desktop';

export type CloseDecision = 'close' | 'confirm';

/** Closing while live asks the user first, unless they already said to end the stream and close. */
export function closeDecision(live: LiveReport | null, confirmed: boolean): CloseDecision {
  return live?.live && !confirmed ? 'confirm' : 'close';
}

/** The confirmation's buttons, in order; the safe one (keep streaming) is the default and the cancel. */
export const CLOSE_BUTTONS = ['keepStreaming', 'endAndClose'] as const;
export const KEEP_STREAMING_INDEX = 0;

/** What the user's answer means: only "end and close" closes. */
export function closeAnswer(buttonIndex: number): 'close' | 'stay' {
  return CLOSE_BUTTONS[buttonIndex] === 'endAndClose' ? 'close' : 'stay';
}

export type TrayIcon = 'live' | 'idle';

export interface TrayView {
  icon: TrayIcon;
  /** A key of the `desktop` namespace, with its values. */
  tooltip: { key: string; values: Record<string, string> };
  /** The menu's first line (disabled: it only tells), as a key. */
  status: { key: string; values: Record<string, string> };
  /** Whether the menu offers "Restart to update" (never while live). */
  canRestartToUpdate: boolean;
}

export function trayView(live: LiveReport | null, update: UpdateStatus): TrayView {
  const isLive = Boolean(live?.live);
  const title = live?.title ?? '';
  const status: TrayView['status'] = isLive
    ? { key: title ? 'tray.liveTitled' : 'tray.live', values: title ? { title } : {} }
    : update.state === 'ready'
      ? { key: 'tray.updateReady', values: { version: update.version } }
      : update.state === 'downloading'
        ? { key: 'tray.updateDownloading', values: { percent: String(Math.round(update.percent)) } }
        : { key: 'tray.offAir', values: {} };
  return {
    icon: isLive ? 'live' : 'idle',
    tooltip: { key: isLive ? 'tray.tooltipLive' : 'tray.tooltip', values: {} },
    status,
    canRestartToUpdate: !isLive && update.state === 'ready',
  };
}
