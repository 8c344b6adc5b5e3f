import { mount } from '../shared/mount';
import { DashboardApp } from './DashboardApp';
import '../shared/workspace.css';
import './dashboard.css';

void mount(<DashboardApp />);
