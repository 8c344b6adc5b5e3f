import { mount } from '../shared/mount';
import { SimplePage } from '../shared/SimplePage';

void mount(<SimplePage ns="replay" />);
