import { mount } from '../shared/mount';
import { StudioApp } from './StudioApp';
import { loadStudioPrefs } from './studio-prefs';

// The host's preferences first, so panels open with them (the danmaku layer reads its own once).
void loadStudioPrefs().finally(() => mount(<StudioApp />));
