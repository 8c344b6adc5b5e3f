// How panels reach the studio's services: the root provides them once; a panel reads them and only
// renders and dispatches (it starts nothing when it mounts).
import { createContext, useContext, type ReactNode } from 'react';
import type { StudioServices } from './studio-services';

const StudioServicesContext = createContext<StudioServices | null>(null);

export function StudioServicesProvider({
  services,
  children,
}: {
  services: StudioServices;
  children: ReactNode;
}) {
  return <StudioServicesContext.Provider value={services}>{children}</StudioServicesContext.Provider>;
}

export function useStudioServices(): StudioServices {
  const services = useContext(StudioServicesContext);
  if (!services) throw new Error('useStudioServices: no StudioServicesProvider above this component');
  return services;
}
