// Pitch next's key: P pins the card's first pick (what its first Pin button does), so a host talking to the
// camera can follow the recommendation without the mouse. Disabled, with why, when there is no pick.
import i18next from 'i18next';
import type { HostActionDraft } from '../../../core/protocol/room-events';
import { useStudioStore } from '../../stores/studio-store';
import { disabled, ENABLED, type Command, type CommandRegistry } from './command-registry';
import type { Keybinding } from './keybindings';

export const PIN_TOP_PICK = 'pitch.pinTop';

export const PITCH_KEYBINDINGS: readonly Keybinding[] = [
  { command: PIN_TOP_PICK, match: { kind: 'plain', key: 'p' }, label: 'P' },
];

/** The product P would pin now: the first pick that is in the catalog the studio shows. */
export function topPick(): string | null {
  const { pitch, products } = useStudioStore.getState().room;
  return pitch?.picks.find((p) => products.some((x) => x.id === p.productId))?.productId ?? null;
}

export function pitchCommands(room: { queue(draft: HostActionDraft): Promise<string> }): Command[] {
  return [
    {
      id: PIN_TOP_PICK,
      title: 'studio:commands.pinTopPick',
      enabled: () => (topPick() ? ENABLED : disabled(i18next.t('studio:commands.noPick'))),
      run: async () => {
        const productId = topPick();
        if (productId) await room.queue({ action: 'product.pin', productId });
      },
    },
  ];
}

export function registerPitchCommands(
  registry: CommandRegistry,
  room: { queue(draft: HostActionDraft): Promise<string> },
): () => void {
  const disposers = pitchCommands(room).map((c) => registry.register(c));
  return () => disposers.forEach((d) => d());
}
