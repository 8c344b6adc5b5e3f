// One studio control's request to the room: it creates the room on first need, runs one request at a time
// (the control is disabled while it runs, and says so), and keeps its own error until its next try, so an
// unrelated success elsewhere can never wipe the reason a form was not sent.
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StudioError } from '../../../core/protocol/result';
import type { AppInfo } from '../../../core/protocol/studio-api';
import type { RoomClient } from '../../media/room-client';
import { useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';

/** The host's app info once it is known, or null after `timeoutMs`. */
function appInfo(timeoutMs: number): Promise<AppInfo | null> {
  const now = useStudioStore.getState().info;
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(null);
    }, timeoutMs);
    const unsubscribe = useStudioStore.subscribe((s) => {
      if (!s.info) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(s.info);
    });
  });
}

export const errorMessage = (error: unknown): string =>
  error instanceof StudioError || error instanceof Error ? error.message : String(error);

export type RoomTask = (client: RoomClient, roomId: string) => Promise<unknown>;

export interface RoomAction {
  /** A request of this control is running: its button is disabled and says so. */
  busy: boolean;
  /** Why the last try failed, in words; cleared when the control tries again. */
  error: string | null;
  /** Runs `task` in the host's room (created on first need); resolves true when it succeeded. */
  run(task: RoomTask): Promise<boolean>;
}

export function useRoomAction(): RoomAction {
  const { t, i18n } = useTranslation('studio');
  const { live: liveSession } = useStudioServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Set synchronously, so two submits in one tick (Enter and a click) cannot both start.
  const running = useRef(false);
  const run = useCallback(
    async (task: RoomTask) => {
      if (running.current) return false;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        // A click before the host's app info has arrived waits for it instead of doing nothing.
        const app = await appInfo(10_000);
        if (!app) throw new Error(t('room.hostNotReady'));
        const client = await liveSession.ensureRoom(
          app.serverUrl,
          app.hostToken,
          t('live.roomTitleDefault'),
          i18n.language,
        );
        await task(client, client.currentRoomId!);
        return true;
      } catch (e) {
        setError(errorMessage(e));
        return false;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [t, i18n, liveSession],
  );
  return { busy, error, run };
}
