import { mount } from '../shared/mount';
import { DashboardApp } from './DashboardApp';
import './dashboard.css';

void mount(<DashboardApp />);
