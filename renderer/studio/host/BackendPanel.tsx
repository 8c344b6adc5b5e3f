// The backend panel: the host's link to the backend (state, latency, last error) and its outbox (actions
// waiting to be sent, and the last one the backend refused), as the host pushes them.
import { useTranslation } from 'react-i18next';
import { selectBackend, useStudioStore } from '../../stores/studio-store';

/**
 * How the host outbox words a change refused because the product changed since the host saw it
 * (main/outbox/host-outbox.ts): the rest is the backend's message with the current values.
 */
const CONFLICT_PREFIX = 'conflict: ';

function OutboxLine() {
  const { t } = useTranslation('studio');
  const outbox = useStudioStore((s) => s.room.outbox);
  if (!outbox) return null;
  const text =
    outbox.queued === 0
      ? t('room.outbox.synced')
      : outbox.online
        ? t('room.outbox.queuedOnline', { count: outbox.queued })
        : t('room.outbox.queued', { count: outbox.queued });
  return (
    <>
      <p
        className={outbox.queued > 0 && !outbox.online ? 'status status-disconnected' : 'muted'}
        data-testid="outbox-status"
        data-queued={outbox.queued}
      >
        {text}
      </p>
      {outbox.lastRejected && (
        <p className="banner banner-error" role="alert" data-testid="outbox-rejected">
          {outbox.lastRejected.startsWith(CONFLICT_PREFIX)
            ? t('room.outbox.conflict', { detail: outbox.lastRejected.slice(CONFLICT_PREFIX.length) })
            : t('room.outbox.rejected', { detail: outbox.lastRejected })}
        </p>
      )}
    </>
  );
}

export function BackendPanel() {
  const { t } = useTranslation('studio');
  const backend = useStudioStore(selectBackend);
  const state = backend?.state ?? 'connecting';
  return (
    <div className="backend-panel">
      <p className={`status status-${state}`} data-testid="backend-state" data-state={state}>
        <span className="dot" aria-hidden="true" />
        {t(`backend.${state}`)}
      </p>
      {backend && <p className="muted mono">{backend.url}</p>}
      {backend?.latencyMs != null && (
        <p className="muted">{t('backend.latency', { ms: backend.latencyMs.toFixed(1) })}</p>
      )}
      {backend?.state !== 'connected' && backend?.lastError && (
        <p className="muted">{t('backend.lastError', { error: backend.lastError })}</p>
      )}
      <OutboxLine />
    </div>
  );
}
