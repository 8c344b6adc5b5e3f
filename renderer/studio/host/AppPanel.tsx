// What is running: desktop app or browser mode, version and platform; the link to the backend's ops
// dashboard when this studio holds an ops token for it (npm start's embedded backend), and the Replays
// button (Alt+R: the same command) when it holds a host token.
import { useTranslation } from 'react-i18next';
import { selectInfo, selectOpsLink, selectReplayLink, useStudioStore } from '../../stores/studio-store';
import { COMMAND } from '../commands/studio-commands';
import { useStudioServices } from '../services/services-context';
import { UpdateRow } from './UpdateRow';

export function AppPanel() {
  const { t } = useTranslation('studio');
  const info = useStudioStore(selectInfo);
  const opsLink = useStudioStore(selectOpsLink);
  const replayLink = useStudioStore(selectReplayLink);
  const { commands } = useStudioServices();
  if (!info) return null;
  return (
    <div className="app-panel">
      <dl className="facts">
        <dt>{t('app.mode')}</dt>
        <dd data-testid="app-mode">{t(info.mode === 'electron' ? 'app.modeElectron' : 'app.modeBrowser')}</dd>
        <dt>{t('app.version')}</dt>
        <dd className="mono">{info.version}</dd>
        <dt>{t('app.platform')}</dt>
        <dd className="mono">{info.platform}</dd>
      </dl>
      <UpdateRow />
      {opsLink && (
        <p>
          {/* A new tab in browser mode; in Electron the window opens the backend's pages in the browser. */}
          <a href={opsLink} target="_blank" rel="noreferrer" data-testid="ops-dashboard-link">
            {t('app.opsDashboard')}
          </a>
        </p>
      )}
      {replayLink && (
        <p>
          <button
            type="button"
            data-testid="replays-button"
            title={`${t('commands.openReplays')} (Alt+R)`}
            onClick={() => commands.execute(COMMAND.openReplays)}
          >
            {t('app.replays')}
          </button>
        </p>
      )}
    </div>
  );
}
