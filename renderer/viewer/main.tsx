import { mount } from '../shared/mount';
import { ViewerApp } from './ViewerApp';

void mount(<ViewerApp />);
