// One studio control's request to the room: it waits for the room (the room session creates it at the first
// need, once the studio host has answered), runs one request at a time (the control is disabled while it
// runs, and says so), and keeps its own error until its next try, so an unrelated success elsewhere can
// never wipe the reason a form was not sent. Changes to the room go through the room session's `queue` (the outbox).
import { useCallback, useRef, useState } from 'react';
import { StudioError } from '../../../core/protocol/result';
import type { OpenRoom } from '../room-session';
import { useStudioServices } from '../services/services-context';

export const errorMessage = (error: unknown): string =>
  error instanceof StudioError || error instanceof Error ? error.message : String(error);

export type RoomTask = (room: OpenRoom) => Promise<unknown>;

export interface RoomAction {
  /** A request of this control is running: its button is disabled and says so. */
  busy: boolean;
  /** Why the last try failed, in words; cleared when the control tries again. */
  error: string | null;
  /** Runs `task` in the host's room (created at the first need); resolves true when it succeeded. */
  run(task: RoomTask): Promise<boolean>;
}

export function useRoomAction(): RoomAction {
  const { room } = useStudioServices();
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
        await task(await room.room());
        return true;
      } catch (e) {
        setError(errorMessage(e));
        return false;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [room],
  );
  return { busy, error, run };
}
