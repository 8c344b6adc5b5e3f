// The studio's panels, in the order the workspace shows them. The preview cannot be hidden (it is what
// goes out); every other panel can, and what it shows keeps running in the studio's services meanwhile.
import { CaptionsCard } from '../captions/CaptionsCard';
import { AppPanel } from '../host/AppPanel';
import { BackendPanel } from '../host/BackendPanel';
import { GoLivePanel } from '../live/GoLivePanel';
import { HealthPanel } from '../live/HealthPanel';
import { PreviewPanel } from '../live/PreviewPanel';
import { CommentsPanel } from '../room/CommentsPanel';
import { MarketsPanel } from '../room/MarketsPanel';
import { MultistreamPanel } from '../multistream/MultistreamPanel';
import { MoodPanel } from '../room/MoodPanel';
import { OrderTicker } from '../room/OrderTicker';
import { PitchPanel } from '../room/PitchPanel';
import { ProductShelf } from '../room/ProductShelf';
import { ScenesPanel } from '../scenes/ScenesPanel';
import type { PanelSpec } from './panel-registry';

export const STUDIO_PANELS: readonly PanelSpec[] = [
  {
    id: 'preview',
    area: 'center',
    title: 'studio:panels.titles.preview',
    component: PreviewPanel,
    hideable: false,
  },
  {
    id: 'go-live',
    area: 'controls',
    title: 'studio:panels.titles.goLive',
    component: GoLivePanel,
    hideable: true,
  },
  {
    id: 'scenes',
    area: 'bottom',
    title: 'studio:panels.titles.scenes',
    component: ScenesPanel,
    hideable: true,
  },
  {
    id: 'health',
    area: 'bottom',
    title: 'studio:panels.titles.health',
    component: HealthPanel,
    hideable: true,
  },
  {
    id: 'captions',
    area: 'bottom',
    title: 'studio:panels.titles.captions',
    component: CaptionsCard,
    hideable: true,
  },
  {
    id: 'comments',
    area: 'left',
    title: 'studio:panels.titles.comments',
    component: CommentsPanel,
    hideable: true,
  },
  { id: 'mood', area: 'bottom', title: 'studio:panels.titles.mood', component: MoodPanel, hideable: true },
  {
    id: 'markets',
    area: 'bottom',
    title: 'studio:panels.titles.markets',
    component: MarketsPanel,
    hideable: true,
  },
  {
    id: 'multistream',
    area: 'bottom',
    title: 'studio:panels.titles.multistream',
    component: MultistreamPanel,
    hideable: true,
  },
  {
    id: 'pitch',
    area: 'right',
    title: 'studio:panels.titles.pitch',
    component: PitchPanel,
    hideable: true,
  },
  {
    id: 'products',
    area: 'right',
    title: 'studio:panels.titles.products',
    component: ProductShelf,
    hideable: true,
  },
  {
    id: 'orders',
    area: 'bottom',
    title: 'studio:panels.titles.orders',
    component: OrderTicker,
    hideable: true,
  },
  {
    id: 'backend',
    area: 'right',
    title: 'studio:panels.titles.backend',
    component: BackendPanel,
    hideable: true,
  },
  { id: 'app', area: 'right', title: 'studio:panels.titles.app', component: AppPanel, hideable: true },
];
