import { mount } from '../shared/mount';
import { NotBuiltPage } from '../shared/NotBuiltPage';

void mount(<NotBuiltPage ns="dashboard" />);
