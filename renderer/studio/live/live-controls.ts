// What the Go live panel's buttons and the studio's keys do with the live session: go live or end, mark a
// moment for the replay, mute; whether each can run now and why not. The stream title as typed belongs to
// the room session (the one owner of the room), so hiding the panel loses nothing.
import i18next from 'i18next';
import { useStudioStore } from '../../stores/studio-store';
import { disabled, ENABLED, type CommandState } from '../commands/command-registry';
import type { RoomSession } from '../room-session';
import type { LiveSession } from './live-session';

export interface LiveControlsSnapshot {
  /** Moments marked in this window. */
  marked: number;
}

export class LiveControls {
  private snap: LiveControlsSnapshot = { marked: 0 };
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly live: LiveSession,
    private readonly room: RoomSession,
  ) {}

  // ---- the mark count, for the panel (useSyncExternalStore) ----

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): LiveControlsSnapshot => this.snap;

  private patch(p: Partial<LiveControlsSnapshot>): void {
    this.snap = { ...this.snap, ...p };
    for (const listener of [...this.listeners]) listener();
  }

  setTitle(title: string): void {
    this.room.setTitle(title);
  }

  // ---- go live / end ----

  /** The go-live button is only ever disabled with one of these on screen beside it. */
  toggleLiveState(): CommandState {
    const { info, live } = useStudioStore.getState();
    if (!info) return disabled(i18next.t('studio:live.waitingForHost'));
    if (live.phase === 'starting') return disabled(i18next.t('studio:live.startingReason'));
    if (live.phase === 'ending') return disabled(i18next.t('studio:live.endingReason'));
    return ENABLED;
  }

  async toggleLive(): Promise<void> {
    const { info, live } = useStudioStore.getState();
    if (!info || live.phase === 'starting' || live.phase === 'ending') return;
    if (live.phase === 'live') return this.live.end();
    return this.live.goLive();
  }

  toggleMute(): void {
    this.live.setMicMuted(!useStudioStore.getState().live.micMuted);
  }

  // ---- marks ----

  /**
   * A mark belongs to a room and carries the key that proves this studio hosts it (the backend refuses
   * anything else), so without both it says why instead of queueing a mark that cannot land.
   */
  private markTarget(): { roomId: string | null; hostKey: string | null } {
    if (!useStudioStore.getState().live.roomId) return { roomId: null, hostKey: null };
    return { roomId: this.room.roomId, hostKey: this.room.hostKey };
  }

  markState(): CommandState {
    const { roomId, hostKey } = this.markTarget();
    if (!roomId) return disabled(i18next.t('studio:room.markNoRoom'));
    if (!hostKey) return disabled(i18next.t('studio:room.markNoHostKey'));
    return ENABLED;
  }

  async markMoment(): Promise<void> {
    const { roomId, hostKey } = this.markTarget();
    if (!roomId || !hostKey) return;
    try {
      await this.room.mark('host mark');
      this.patch({ marked: this.snap.marked + 1 });
    } catch (error) {
      useStudioStore.getState().patchRoom({ error: error instanceof Error ? error.message : String(error) });
    }
  }
}
