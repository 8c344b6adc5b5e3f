import { mount } from '../shared/mount';
// The AR bench's lab on window.__ar: installs itself only on pages opened with ?arDebug.
import '../ar/ar-lab';
import { ViewerApp } from './ViewerApp';
import { VIEWER_LOCALES } from './viewer-locales';
import './viewer-phone.css';

void mount(<ViewerApp />, VIEWER_LOCALES);
