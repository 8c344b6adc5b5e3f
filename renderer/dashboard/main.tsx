import { mount } from '../shared/mount';
import { STUDIO_LOCALES } from '../shared/studio-locales';
import { DashboardApp } from './DashboardApp';
import '../shared/workspace.css';
import './dashboard.css';

void mount(<DashboardApp />, STUDIO_LOCALES);
