// The ReplayService and the danmaku feed for the components under ReplayApp.
import { createContext, useContext } from 'react';
import type { ReplayDanmakuFeed } from './replay-danmaku';
import type { ReplayService } from './replay-service';

export interface ReplayServices {
  service: ReplayService;
  danmaku: ReplayDanmakuFeed;
}

export const ReplayContext = createContext<ReplayServices | null>(null);

export function useReplay(): ReplayServices {
  const services = useContext(ReplayContext);
  if (!services) throw new Error('ReplayService missing: render under ReplayContext');
  return services;
}
