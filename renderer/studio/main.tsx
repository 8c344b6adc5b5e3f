import { mount } from '../shared/mount';
import { StudioApp } from './StudioApp';

void mount(<StudioApp />);
