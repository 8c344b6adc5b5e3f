import { mount } from '../shared/mount';
import { STUDIO_LOCALES } from '../shared/studio-locales';
import { ReplayApp } from './ReplayApp';
import '../shared/workspace.css';
import './replay.css';

void mount(<ReplayApp />, STUDIO_LOCALES);
