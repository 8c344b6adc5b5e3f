// The studio's one-screen workspace: the registry's panels in their areas, split by react-resizable-panels
// (drag or keyboard on the separators), side areas collapsible, the arrangement kept by the host's settings
// through the workspace store. The window never scrolls; each area scrolls inside itself.
import { useEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Group,
  Panel,
  Separator,
  useGroupRef,
  type Layout,
  type LayoutChangedMeta,
  type PanelImperativeHandle,
} from 'react-resizable-panels';
import type { WorkspaceArrangement, WorkspaceLayout } from '../../../core/protocol/studio-settings';
import type { WorkspaceArea } from '../panels/panel-registry';
import { useStudioServices } from '../services/services-context';
import { AreaFrame } from './AreaFrame';
import {
  AREA_SPECS,
  COLUMN,
  COLUMN_AREAS,
  defaultSizes,
  paneId,
  panelsByArea,
  ROW,
  splitId,
} from './workspace-areas';
import './workspace.css';

interface Pane {
  id: string;
  /** For the separators' names. */
  label: string;
  minPx: number;
  collapsible: boolean;
  collapsedPx?: number;
  weight: Record<WorkspaceArrangement, number>;
  content: ReactNode;
}

export function Workspace() {
  const { t } = useTranslation('studio');
  const { panels, panelSpecs, workspace } = useStudioServices();
  const hidden = useSyncExternalStore(panels.subscribe, panels.snapshot);
  const layout = useSyncExternalStore(workspace.subscribe, workspace.snapshot);
  const byArea = useMemo(() => panelsByArea(panelSpecs, hidden), [panelSpecs, hidden]);

  const areaPane = (area: WorkspaceArea): Pane => {
    const spec = AREA_SPECS[area];
    const areaPanels = byArea.get(area)!;
    return {
      id: area,
      label: areaPanels.length === 1 ? t(areaPanels[0]!.title) : t(`workspace.areas.${area}`),
      minPx: spec.minPx,
      collapsible: spec.collapsible,
      collapsedPx: spec.collapsedPx,
      weight: spec.weight,
      content: <AreaFrame area={area} panels={areaPanels} collapsed={layout.collapsed.includes(area)} />,
    };
  };
  const columnPanes = COLUMN_AREAS.filter((a) => byArea.has(a)).map(areaPane);
  const rowPanes = ROW.flatMap((pane): Pane[] => {
    if (pane !== 'column') return byArea.has(pane) ? [areaPane(pane)] : [];
    if (columnPanes.length === 0) return [];
    return [
      {
        id: COLUMN.id,
        label: columnPanes[0]!.label,
        minPx: COLUMN.minPx,
        collapsible: false,
        weight: COLUMN.weight,
        content: <Split name="column" orientation="vertical" panes={columnPanes} layout={layout} />,
      },
    ];
  });

  return (
    <div className="ws" data-testid="workspace" data-arrangement={layout.arrangement}>
      <Split name="row" orientation="horizontal" panes={rowPanes} layout={layout} />
    </div>
  );
}

interface SplitProps {
  name: string;
  orientation: 'horizontal' | 'vertical';
  panes: readonly Pane[];
  layout: WorkspaceLayout;
}

/** One resizable split. Its panes' sizes are the host's for this arrangement, or the defaults. */
function Split({ name, orientation, panes, layout }: SplitProps) {
  const { t } = useTranslation('studio');
  const { workspace } = useStudioServices();
  const ids = panes.map((p) => p.id);
  const id = splitId(name, ids);
  const { arrangement } = layout;
  const groupRef = useGroupRef();
  const panelRefs = useRef(new Map<string, PanelImperativeHandle | null>());

  const sizesFor = (a: WorkspaceArrangement): Layout => {
    const sizes =
      (a === workspace.arrangement ? workspace.sizes(id, panes.length) : null) ??
      defaultSizes(panes.map((p) => p.weight[a]));
    return Object.fromEntries(ids.map((pane, i) => [paneId(pane), sizes[i]!]));
  };

  // Another arrangement: its sizes (the host's or the defaults); then collapsed areas stay collapsed.
  const shownArrangement = useRef(arrangement);
  const collapsedKey = layout.collapsed.join(',');
  useEffect(() => {
    if (shownArrangement.current !== arrangement) {
      shownArrangement.current = arrangement;
      groupRef.current?.setLayout(sizesFor(arrangement));
    }
    for (const pane of panes) {
      const panel = panelRefs.current.get(pane.id);
      if (!pane.collapsible || !panel) continue;
      const collapsed = layout.collapsed.includes(pane.id);
      if (collapsed && !panel.isCollapsed()) panel.collapse();
      else if (!collapsed && panel.isCollapsed()) panel.expand();
    }
    // Only a change of arrangement or of what is collapsed moves panes (not every render).
  }, [arrangement, collapsedKey, id]);

  // What the host did with a separator (pointer or keyboard) is kept; the library's own changes are not.
  const onLayoutChanged = (changed: Layout, meta: LayoutChangedMeta) => {
    if (!meta.isUserInteraction) return;
    workspace.setSizes(
      id,
      ids.map((pane) => changed[paneId(pane)] ?? 0),
    );
    for (const pane of panes) {
      const panel = panelRefs.current.get(pane.id);
      if (pane.collapsible && panel) workspace.setCollapsed(pane.id, panel.isCollapsed());
    }
  };

  return (
    <Group
      key={id}
      id={`ws-split-${name}`}
      className={`ws-split ws-split-${orientation}`}
      orientation={orientation}
      groupRef={groupRef}
      defaultLayout={sizesFor(arrangement)}
      onLayoutChanged={onLayoutChanged}
    >
      {panes.map((pane, i) => [
        i > 0 && (
          <Separator
            key={`sep-${pane.id}`}
            id={`ws-sep-${panes[i - 1]!.id}-${pane.id}`}
            className="ws-separator"
            aria-label={t('workspace.resize', { before: panes[i - 1]!.label, after: pane.label })}
          />
        ),
        <Panel
          key={pane.id}
          id={paneId(pane.id)}
          className="ws-pane"
          minSize={pane.minPx}
          collapsible={pane.collapsible}
          collapsedSize={pane.collapsedPx}
          panelRef={(handle: PanelImperativeHandle | null) => {
            panelRefs.current.set(pane.id, handle);
          }}
        >
          {pane.content}
        </Panel>,
      ])}
    </Group>
  );
}
