// One workspace area's frame: its title (or its tabs), the collapse button of a side area, and a body
// that scrolls inside itself. The frame draws the titles, so panels draw none of their own. Collapsed, the
// area is a rail with its name and the button that opens it again. F6 focuses the frame itself.
import { useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PanelSpec, WorkspaceArea } from '../panels/panel-registry';
import { useStudioServices } from '../services/services-context';
import { AREA_SPECS } from './workspace-areas';

/** Arrows on the collapse button: where the area folds to (LTR; the rail is on the same side). */
const ICONS: Record<WorkspaceArea, { open: string; closed: string }> = {
  left: { open: '‹', closed: '›' },
  right: { open: '›', closed: '‹' },
  bottom: { open: '▾', closed: '▴' },
  center: { open: '', closed: '' },
  controls: { open: '', closed: '' },
};

interface AreaFrameProps {
  area: WorkspaceArea;
  /** The area's visible panels, at least one. */
  panels: readonly PanelSpec[];
  collapsed: boolean;
}

export function AreaFrame({ area, panels, collapsed }: AreaFrameProps) {
  const { t } = useTranslation('studio');
  const spec = AREA_SPECS[area];
  const name = panels.length === 1 ? t(panels[0]!.title) : t(`workspace.areas.${area}`);
  const frame = {
    'data-ws-area': area,
    'data-testid': `ws-area-${area}`,
    'aria-label': name,
    tabIndex: -1,
  };
  const toggle = spec.collapsible ? <CollapseButton area={area} name={name} collapsed={collapsed} /> : null;

  if (collapsed) {
    return (
      <section className={`ws-area ws-area-${area} ws-collapsed`} {...frame}>
        {toggle}
        <span className="ws-rail-title" aria-hidden="true">
          {name}
        </span>
      </section>
    );
  }
  return (
    <section className={`ws-area ws-area-${area}`} {...frame}>
      {spec.mode === 'tabs' && panels.length > 1 ? (
        <TabbedBody area={area} name={name} panels={panels} toggle={toggle} />
      ) : (
        <StackedBody area={area} name={name} panels={panels} toggle={toggle} />
      )}
    </section>
  );
}

function CollapseButton({
  area,
  name,
  collapsed,
}: {
  area: WorkspaceArea;
  name: string;
  collapsed: boolean;
}) {
  const { t } = useTranslation('studio');
  const { workspace } = useStudioServices();
  const label = t(collapsed ? 'workspace.expand' : 'workspace.collapse', { area: name });
  return (
    <button
      type="button"
      className="ws-collapse"
      data-testid={`ws-collapse-${area}`}
      aria-expanded={!collapsed}
      aria-label={label}
      title={label}
      onClick={() => workspace.toggleCollapsed(area)}
    >
      <span aria-hidden="true">{collapsed ? ICONS[area].closed : ICONS[area].open}</span>
    </button>
  );
}

interface BodyProps {
  area: WorkspaceArea;
  name: string;
  panels: readonly PanelSpec[];
  toggle: ReactNode;
}

/** The panels one under another; with several, each gets its own small title. */
function StackedBody({ area, name, panels, toggle }: BodyProps) {
  const { t } = useTranslation('studio');
  const single = panels.length === 1;
  return (
    <>
      <header className="ws-area-header">
        <h2 id={`ws-title-${area}`}>{name}</h2>
        {toggle}
      </header>
      <div className="ws-area-body">
        {panels.map(({ id, title, component: Panel }) =>
          single ? (
            <div key={id} className="ws-panel" data-ws-panel={id}>
              <Panel />
            </div>
          ) : (
            <section key={id} className="ws-panel" data-ws-panel={id} aria-labelledby={`ws-title-${id}`}>
              <h3 id={`ws-title-${id}`} className="ws-panel-title">
                {t(title)}
              </h3>
              <Panel />
            </section>
          ),
        )}
      </div>
    </>
  );
}

/** One panel at a time, chosen by its tab (arrow keys move between tabs, as ARIA tabs do). */
function TabbedBody({ area, name, panels, toggle }: BodyProps) {
  const { t } = useTranslation('studio');
  const { workspace } = useStudioServices();
  const chosen = useSyncExternalStore(workspace.subscribe, () => workspace.activeTab(area));
  const active = panels.find((p) => p.id === chosen) ?? panels[0]!;
  const Panel = active.component;
  const select = (panel: PanelSpec) => workspace.setActiveTab(area, panel.id);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = panels[(panels.indexOf(active) + step + panels.length) % panels.length]!;
    select(next);
    document.getElementById(`ws-tab-${next.id}`)?.focus();
  };
  return (
    <>
      <header className="ws-area-header">
        <div className="ws-tabs" role="tablist" aria-label={name} onKeyDown={onKeyDown}>
          {panels.map((p) => (
            <button
              key={p.id}
              type="button"
              role="tab"
              id={`ws-tab-${p.id}`}
              data-testid={`ws-tab-${p.id}`}
              aria-selected={p === active}
              aria-controls={`ws-tabpanel-${area}`}
              tabIndex={p === active ? 0 : -1}
              onClick={() => select(p)}
            >
              {t(p.title)}
            </button>
          ))}
        </div>
        {toggle}
      </header>
      <div
        className="ws-area-body ws-panel"
        role="tabpanel"
        id={`ws-tabpanel-${area}`}
        aria-labelledby={`ws-tab-${active.id}`}
        data-ws-panel={active.id}
      >
        <Panel key={active.id} />
      </div>
    </>
  );
}
