// A studio panel as the workspace knows it: an id, the i18n key of its title, the component that draws it,
// and whether the host may hide it (the preview stays: it is what goes out).
import type { ComponentType } from 'react';

/**
 * Where a panel sits in the studio workspace unless the host moved it: the preview in the centre, the
 * go-live controls in the strip right under it, comments on one side, products (and later pitch next) on
 * the other, health, captions, mood and orders as tabs below. renderer/studio/workspace draws the areas.
 */
export const WORKSPACE_AREAS = ['left', 'center', 'controls', 'bottom', 'right'] as const;
export type WorkspaceArea = (typeof WORKSPACE_AREAS)[number];

export interface PanelSpec {
  id: string;
  /** i18n key of the panel's name in the Panels bar. */
  title: string;
  component: ComponentType;
  hideable: boolean;
  /** The area it opens in. */
  area: WorkspaceArea;
}

/** The hideable panels' ids and titles (what the layout and the panel commands need). */
export const hideablePanels = (panels: readonly PanelSpec[]) =>
  panels.filter((p) => p.hideable).map(({ id, title }) => ({ id, title }));
