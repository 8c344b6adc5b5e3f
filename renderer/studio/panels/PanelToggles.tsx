// The Panels bar: one Hide/Show toggle per panel that can be hidden (each runs its panel command). A
// hidden panel is not drawn (renderer/studio/workspace draws the rest); its keys and its work go on.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { panelCommand } from '../commands/studio-commands';
import { useStudioServices } from '../services/services-context';

export function PanelToggles() {
  const { t } = useTranslation('studio');
  const { panels, panelSpecs, commands } = useStudioServices();
  const hidden = useSyncExternalStore(panels.subscribe, panels.snapshot);
  return (
    <nav className="panel-toggles" aria-label={t('panels.heading')} data-testid="panel-toggles">
      <span className="muted">{t('panels.heading')}</span>
      {panelSpecs
        .filter((p) => p.hideable)
        .map((p) => {
          const shown = !hidden.has(p.id);
          return (
            <button
              key={p.id}
              type="button"
              data-testid={`panel-toggle-${p.id}`}
              aria-pressed={shown}
              title={t(shown ? 'panels.hide' : 'panels.show', { panel: t(p.title) })}
              onClick={() => commands.execute(panelCommand(p.id))}
            >
              {t(p.title)}
            </button>
          );
        })}
    </nav>
  );
}
