import { mount } from '../shared/mount';
import { ReplayApp } from './ReplayApp';
import '../shared/workspace.css';
import './replay.css';

void mount(<ReplayApp />);
