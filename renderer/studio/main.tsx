// The studio window's root: the services are created here, once (when the interface language is ready,
// since commands speak it), and closed with the page. The keybindings listen on the window, whichever
// panels are shown.
import { mount } from '../shared/mount';
import { STUDIO_LOCALES } from '../shared/studio-locales';
import { StudioApp } from './StudioApp';
import { STUDIO_PANELS } from './panels/studio-panels';
import { StudioServicesProvider } from './services/services-context';
import { createStudioServices } from './services/studio-services';
import { loadStudioPrefs, studioPanelPrefs, studioWorkspacePrefs } from './studio-prefs';

// The host's preferences first, so panels open with them (the danmaku layer reads its own once).
void loadStudioPrefs().finally(() =>
  mount(() => {
    const services = createStudioServices({
      panels: STUDIO_PANELS,
      keyTarget: window,
      panelPersistence: studioPanelPrefs,
      workspacePersistence: studioWorkspacePrefs,
    });
    window.addEventListener('pagehide', (e) => {
      if (!e.persisted) services.close();
    });
    return (
      <StudioServicesProvider services={services}>
        <StudioApp />
      </StudioServicesProvider>
    );
  }, STUDIO_LOCALES),
);
