// The studio window's shell: the header with the language switcher, the Panels bar and the workspace's
// arrangement toggle, the host's error, why a key did nothing, and the one-screen workspace of panels.
// Everything it shows comes from the studio's services (created once in main.tsx); the shell starts no
// work of its own.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { STUDIO_LANGUAGES, type StudioLanguage } from '../../core/protocol/languages';
import type { ProtocolError } from '../../core/protocol/result';
import { PageShell } from '../shared/PageShell';
import { selectHostError, useStudioStore } from '../stores/studio-store';
import { CommandNotice } from './commands/CommandNotice';
import { PanelToggles } from './panels/PanelToggles';
import { RoomError } from './room/OrderTicker';
import { ComplianceWarnings } from './room/ComplianceWarnings';
import { OpsNotesBanner } from './room/OpsNotesBanner';
import { useStudioServices } from './services/services-context';
import { Workspace } from './workspace/Workspace';
import { WorkspaceBar } from './workspace/WorkspaceBar';

function HostErrorBanner({ error }: { error: ProtocolError }) {
  const { t } = useTranslation('common');
  return (
    <div className="banner banner-error" role="alert" data-testid="host-error">
      {t(`errors.${error.code}`, { message: error.message })}
    </div>
  );
}

export function StudioApp() {
  const { host } = useStudioServices();
  const hostError = useStudioStore(selectHostError);
  const onLanguageChange = useCallback((language: StudioLanguage) => host.chooseLanguage(language), [host]);

  return (
    <PageShell
      titleKey="studio:title"
      languages={STUDIO_LANGUAGES}
      onLanguageChange={onLanguageChange}
      languageShortcut={false}
      toolbar={
        <div className="ws-toolbar">
          <PanelToggles />
          <WorkspaceBar />
        </div>
      }
    >
      {hostError && <HostErrorBanner error={hostError} />}
      <RoomError />
      <OpsNotesBanner />
      <CommandNotice />
      <ComplianceWarnings />
      <Workspace />
    </PageShell>
  );
}
