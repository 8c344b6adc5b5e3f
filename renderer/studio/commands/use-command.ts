// A command for a button: why it cannot run now (null when it can) and how to run it, kept current as the
// state the command reads changes.
import { useCallback, useSyncExternalStore } from 'react';
import { useStudioServices } from '../services/services-context';

export function useCommand(id: string): { reason: string | null; run: () => void } {
  const { commands } = useStudioServices();
  const reason = useSyncExternalStore(commands.subscribe, () => commands.reason(id));
  const run = useCallback(() => void commands.execute(id, 'ui'), [commands, id]);
  return { reason, run };
}
