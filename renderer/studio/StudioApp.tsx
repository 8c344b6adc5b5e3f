import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../core/protocol/languages';
import { toProtocolError, type ProtocolError } from '../../core/protocol/result';
import { getStudio } from '../bridge/studio-bridge';
import { PageShell } from '../shared/PageShell';
import { setLanguage } from '../shared/i18n';
import { selectBackend, selectHostError, selectInfo, useStudioStore } from '../stores/studio-store';
import { CaptionsCard } from './captions/CaptionsCard';
import { LivePanel } from './live/LivePanel';
import { roomSession } from './room-session';
import { MoodPanel } from './room/MoodPanel';
import { CommentsPanel } from './room/CommentsPanel';
import { OrderTicker, RoomError } from './room/OrderTicker';
import { ProductShelf } from './room/ProductShelf';

const BACKEND_POLL_MS = 2000;
/**
 * How the host outbox words a change refused because the product changed since the host saw it
 * (main/outbox/host-outbox.ts): the rest is the backend's message with the current values.
 */
const CONFLICT_PREFIX = 'conflict: ';

function HostErrorBanner({ error }: { error: ProtocolError }) {
  const { t } = useTranslation('common');
  return (
    <div className="banner banner-error" role="alert" data-testid="host-error">
      {t(`errors.${error.code}`, { message: error.message })}
    </div>
  );
}

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

function BackendCard() {
  const { t } = useTranslation('studio');
  const backend = useStudioStore(selectBackend);
  const state = backend?.state ?? 'connecting';
  return (
    <section className="card" aria-labelledby="backend-heading">
      <h2 id="backend-heading">{t('backend.heading')}</h2>
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
    </section>
  );
}

function AppCard() {
  const { t } = useTranslation('studio');
  const info = useStudioStore(selectInfo);
  if (!info) return null;
  return (
    <section className="card" aria-labelledby="app-heading">
      <h2 id="app-heading">{t('app.heading')}</h2>
      <dl className="facts">
        <dt>{t('app.mode')}</dt>
        <dd data-testid="app-mode">{t(info.mode === 'electron' ? 'app.modeElectron' : 'app.modeBrowser')}</dd>
        <dt>{t('app.version')}</dt>
        <dd className="mono">{info.version}</dd>
        <dt>{t('app.platform')}</dt>
        <dd className="mono">{info.platform}</dd>
      </dl>
    </section>
  );
}

export function StudioApp() {
  const { t } = useTranslation(['studio', 'common']);
  const hostError = useStudioStore(selectHostError);
  const chosenHere = useRef(false);

  useEffect(() => {
    const studio = getStudio();
    const { setHostError, setBackend } = useStudioStore.getState();
    let disposed = false;
    // The room session asks until the host answers (it may still be starting), and stores the answer.
    roomSession.appInfo().catch((e: unknown) => {
      if (!disposed) setHostError(toProtocolError(e));
    });
    // The host's settings are the source of truth, so every window and both modes agree.
    // A choice the user made while they were loading wins over what they say.
    void studio.settings.get().then((r) => {
      if (!disposed && !chosenHere.current && r.ok && r.value.language) void setLanguage(r.value.language);
    });
    const poll = async () => {
      const r = await studio.backend.getStatus();
      if (disposed) return;
      if (r.ok) {
        setBackend(r.value);
        setHostError(null);
      } else setHostError(r.error);
      const o = await studio.outbox.getStatus();
      if (!disposed && o.ok) useStudioStore.getState().patchRoom({ outbox: o.value });
    };
    void poll();
    const timer = setInterval(() => void poll(), BACKEND_POLL_MS);
    return () => {
      disposed = true;
      clearInterval(timer);
    };
  }, []);

  const onLanguageChange = useCallback((language: UiLanguage) => {
    chosenHere.current = true;
    void setLanguage(language);
    void getStudio()
      .settings.setLanguage(language)
      .then((r) => {
        if (!r.ok) useStudioStore.getState().setHostError(r.error);
      });
  }, []);

  return (
    <PageShell titleKey="studio:title" onLanguageChange={onLanguageChange}>
      {hostError && <HostErrorBanner error={hostError} />}
      <RoomError />
      <p className="tagline">{t('tagline')}</p>
      <div className="grid">
        <LivePanel />
        <CaptionsCard />
        <CommentsPanel />
        <MoodPanel />
        <ProductShelf />
        <OrderTicker />
        <BackendCard />
        <AppCard />
      </div>
      <p className="muted hint">{t('common:shortcutLanguage')}</p>
    </PageShell>
  );
}
