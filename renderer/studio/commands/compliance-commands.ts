// The compliance warnings' key: Alt+A acknowledges the newest warning on screen (what its button does), so a
// host talking to the camera need not reach for the mouse. Disabled, with why, when none is showing.
import i18next from 'i18next';
import { useStudioStore } from '../../stores/studio-store';
import { activeWarnings, type ComplianceDesk } from '../room/compliance-desk';
import { disabled, ENABLED, type CommandRegistry } from './command-registry';
import type { Keybinding } from './keybindings';

export const ACK_WARNING = 'compliance.ack';

export const COMPLIANCE_KEYBINDINGS: readonly Keybinding[] = [
  { command: ACK_WARNING, match: { kind: 'alt', code: 'KeyA' }, label: 'Alt+A' },
];

/** The warning Alt+A would acknowledge now: the newest on screen. */
export function newestWarning(desk: ComplianceDesk): string | null {
  const list = useStudioStore.getState().room.violations;
  return activeWarnings(list, desk.shownAt, desk.dismissed, Date.now())[0]?.id ?? null;
}

export function registerComplianceCommands(registry: CommandRegistry, desk: ComplianceDesk): () => void {
  return registry.register({
    id: ACK_WARNING,
    title: 'studio:commands.ackWarning',
    enabled: () => (newestWarning(desk) ? ENABLED : disabled(i18next.t('studio:commands.noWarning'))),
    run: async () => {
      const id = newestWarning(desk);
      if (id) await desk.acknowledge(id);
    },
  });
}
