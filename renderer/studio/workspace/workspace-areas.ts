// How the studio workspace splits the window, generic over areas: a row of left | centre column | right,
// the centre column a stack of preview | go-live strip | bottom tabs. Which panels sit in an area comes from
// the panel registry (PanelSpec.area); an area with no visible panel takes no room. Sizes are percent of
// the split (the defaults, per arrangement) with pixel minimums so nothing gets unusably small.
import type { WorkspaceArrangement } from '../../../core/protocol/studio-settings';
import type { PanelSpec, WorkspaceArea } from '../panels/panel-registry';

export interface AreaSpec {
  /** Several panels: tabs (one shown at a time) or a stack (all shown, one under another). */
  mode: 'tabs' | 'stack';
  /** Side areas fold to a rail with their name; the preview and the go-live strip always show. */
  collapsible: boolean;
  /** Smallest size in px (the library reads numbers as pixels); collapsed size for collapsible ones. */
  minPx: number;
  collapsedPx?: number;
  /** Default share of its split, per arrangement (normalized over the areas present). */
  weight: Record<WorkspaceArrangement, number>;
}

export const AREA_SPECS: Record<WorkspaceArea, AreaSpec> = {
  left: { mode: 'stack', collapsible: true, minPx: 220, collapsedPx: 36, weight: { standard: 24, live: 36 } },
  center: { mode: 'stack', collapsible: false, minPx: 160, weight: { standard: 54, live: 60 } },
  controls: { mode: 'stack', collapsible: false, minPx: 110, weight: { standard: 22, live: 24 } },
  bottom: { mode: 'tabs', collapsible: true, minPx: 90, collapsedPx: 34, weight: { standard: 24, live: 16 } },
  right: {
    mode: 'stack',
    collapsible: true,
    minPx: 220,
    collapsedPx: 36,
    weight: { standard: 24, live: 18 },
  },
};

export const COLLAPSIBLE_AREAS = (Object.keys(AREA_SPECS) as WorkspaceArea[]).filter(
  (a) => AREA_SPECS[a].collapsible,
);

/** The centre column as one pane of the row: its default share and smallest width. */
export const COLUMN = { id: 'column', minPx: 360, weight: { standard: 52, live: 46 } } as const;

/** The row's panes and the column's areas, in order. */
export const ROW: readonly ('left' | 'column' | 'right')[] = ['left', 'column', 'right'];
export const COLUMN_AREAS: readonly WorkspaceArea[] = ['center', 'controls', 'bottom'];

/** The visible panels of each area, in registry order. */
export function panelsByArea(
  panels: readonly PanelSpec[],
  hidden: ReadonlySet<string>,
): Map<WorkspaceArea, PanelSpec[]> {
  const byArea = new Map<WorkspaceArea, PanelSpec[]>();
  for (const panel of panels) {
    if (hidden.has(panel.id)) continue;
    byArea.set(panel.area, [...(byArea.get(panel.area) ?? []), panel]);
  }
  return byArea;
}

/** A split's id: its name and the panes present, so each combination keeps its own sizes. */
export const splitId = (name: string, panes: readonly string[]) => `${name}.${panes.join('-')}`;

/** Default percentages for the panes present (adding up to 100). */
export function defaultSizes(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.round((w / total) * 10000) / 100);
  sizes[sizes.length - 1] = Math.round((100 - sizes.slice(0, -1).reduce((a, b) => a + b, 0)) * 100) / 100;
  return sizes;
}

/** The pane id a split uses for an area (also its DOM id). */
export const paneId = (name: string) => `ws-${name}`;

/** Where focus goes from `current` (an index, -1 for none) among `count` areas; F6 forward, Shift+F6 back. */
export function nextAreaIndex(current: number, count: number, step: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}

/** Moves focus to the next (or previous) drawn area, from the one focus is in now (F6, Shift+F6). */
export function focusWorkspaceArea(doc: Document, step: 1 | -1): void {
  const areas = [...doc.querySelectorAll<HTMLElement>('[data-ws-area]')];
  const current = areas.findIndex((area) => area.contains(doc.activeElement));
  areas[nextAreaIndex(current, areas.length, step)]?.focus();
}
