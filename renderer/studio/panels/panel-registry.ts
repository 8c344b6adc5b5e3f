// A studio panel as the workspace knows it: an id, the i18n key of its title, the component that draws it,
// and whether the host may hide it (the preview stays: it is what goes out).
import type { ComponentType } from 'react';

export interface PanelSpec {
  id: string;
  /** i18n key of the panel's name in the Panels bar. */
  title: string;
  component: ComponentType;
  hideable: boolean;
}

/** The hideable panels' ids and titles (what the layout and the panel commands need). */
export const hideablePanels = (panels: readonly PanelSpec[]) =>
  panels.filter((p) => p.hideable).map(({ id, title }) => ({ id, title }));
