// The frame of a page opened by a link with a token (the ops dashboard, the replay): the page shell with a
// help button, a clear note when the token is missing or refused, the connection banner, and the help
// overlay. Each page gives its namespace (which holds title, token.*, connection.*, help.*) and its body.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackendConnection } from './backend-client';
import { HelpOverlay, type Shortcut } from './HelpOverlay';
import { STUDIO_LANGUAGES } from '../../core/protocol/languages';
import { setLanguage } from './i18n';
import { PageShell } from './PageShell';

function TokenProblem({ ns, kind }: { ns: string; kind: 'missing' | 'refused' }) {
  const { t } = useTranslation(ns);
  return (
    <section className="card token-problem" role="alert" data-testid="token-problem" data-kind={kind}>
      <p>{t(`token.${kind}`)}</p>
    </section>
  );
}

function ConnectionBanner({ ns, connection }: { ns: string; connection: BackendConnection }) {
  const { t } = useTranslation(ns);
  if (connection === 'online' || connection === 'refused') return null;
  return (
    <p
      className={connection === 'offline' ? 'banner banner-warn' : 'muted'}
      role="status"
      data-testid="connection-banner"
      data-state={connection}
    >
      {t(`connection.${connection}`)}
    </p>
  );
}

interface TokenPageProps {
  /** The page's i18n namespace ('dashboard', 'replay'). */
  ns: 'dashboard' | 'replay';
  token: string | null;
  connection: BackendConnection;
  shortcuts: readonly Shortcut[];
  helpOpen: boolean;
  setHelpOpen(open: boolean): void;
  /** The page body, shown once there is a token the backend has not refused. */
  children: ReactNode;
}

export function TokenPage({
  ns,
  token,
  connection,
  shortcuts,
  helpOpen,
  setHelpOpen,
  children,
}: TokenPageProps) {
  const { t } = useTranslation(ns);
  return (
    <PageShell
      titleKey={`${ns}:title`}
      languages={STUDIO_LANGUAGES}
      onLanguageChange={(lng) => void setLanguage(lng)}
      toolbar={
        <div className="dash-toolbar">
          <button type="button" data-testid="help-open" onClick={() => setHelpOpen(true)}>
            {t('help.open')}
          </button>
        </div>
      }
    >
      {!token ? (
        <TokenProblem ns={ns} kind="missing" />
      ) : connection === 'refused' ? (
        <TokenProblem ns={ns} kind="refused" />
      ) : (
        <>
          <ConnectionBanner ns={ns} connection={connection} />
          {children}
        </>
      )}
      {helpOpen && <HelpOverlay ns={ns} shortcuts={shortcuts} onClose={() => setHelpOpen(false)} />}
    </PageShell>
  );
}
