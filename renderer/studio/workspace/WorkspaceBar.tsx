// The workspace's own bit of the toolbar: the live arrangement's toggle (F) and the keys that move around
// the workspace, written from the keybindings so the bar and the keys cannot disagree.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { keysFor } from '../commands/keybindings';
import { COMMAND } from '../commands/studio-commands';
import { useStudioServices } from '../services/services-context';

export function WorkspaceBar() {
  const { t } = useTranslation(['studio', 'common']);
  const { workspace, commands, keybindings } = useStudioServices();
  const { arrangement } = useSyncExternalStore(workspace.subscribe, workspace.snapshot);
  const liveKeys = keysFor(keybindings, COMMAND.toggleLiveArrangement) ?? '';
  const areaKeys = [COMMAND.nextArea, COMMAND.previousArea]
    .map((id) => keysFor(keybindings, id))
    .filter(Boolean)
    .join(' / ');
  return (
    <div className="ws-bar">
      <button
        type="button"
        data-testid="ws-arrangement"
        aria-pressed={arrangement === 'live'}
        aria-keyshortcuts={liveKeys}
        title={t('workspace.liveArrangementHint', { keys: liveKeys })}
        onClick={() => commands.execute(COMMAND.toggleLiveArrangement)}
      >
        {t('workspace.liveArrangement')}
      </button>
      <span className="muted ws-keys" data-testid="ws-keys">
        {t('workspace.keys', { live: liveKeys, areas: areaKeys })} · {t('common:shortcutLanguage')}
      </span>
    </div>
  );
}
