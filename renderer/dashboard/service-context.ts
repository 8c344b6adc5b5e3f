// The DashboardService for the components under DashboardApp, and the reason an ops action cannot be sent
// right now (so a button is disabled with its reason, never dead).
import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardService } from './dashboard-service';
import { useDashboardStore } from './dashboard-store';

export const ServiceContext = createContext<DashboardService | null>(null);

export function useService(): DashboardService {
  const service = useContext(ServiceContext);
  if (!service) throw new Error('DashboardService missing: render under ServiceContext');
  return service;
}

/** Why an action cannot be sent now: offline, or its request still in flight; null when it can. */
export function useActionReason(pending: boolean): string | null {
  const { t } = useTranslation('dashboard');
  const connection = useDashboardStore((s) => s.connection);
  if (connection !== 'online') return t('reason.offline');
  return pending ? t('reason.pending') : null;
}
