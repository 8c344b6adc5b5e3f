// The desktop app's update, under "This studio": the download's progress, then "Restart to update" (held
// until the stream ends while live), or why the last check failed. Nothing in browser mode.
import { useTranslation } from 'react-i18next';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { selectLive, selectUpdates, useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';

export function UpdateRow() {
  const { t } = useTranslation('studio');
  const updates = useStudioStore(selectUpdates);
  const isLive = useStudioStore(selectLive).phase === 'live';
  const { desktop } = useStudioServices();
  if (!updates) return null;
  switch (updates.state) {
    case 'available':
      return <p data-testid="update-row">{t('updates.available', { version: updates.version })}</p>;
    case 'downloading':
      return (
        <p data-testid="update-row" className="update-row">
          <label>
            {t('updates.downloading', { version: updates.version, percent: Math.round(updates.percent) })}
            <progress max={100} value={updates.percent} />
          </label>
        </p>
      );
    case 'ready':
      return (
        <p data-testid="update-row">
          {t('updates.ready', { version: updates.version })}{' '}
          {updates.queued ? (
            <span className="muted">{t('updates.queued')}</span>
          ) : (
            <ReasonedButton
              testId="restart-to-update"
              reason={isLive ? t('updates.notWhileLive') : null}
              onClick={() => void desktop.restartToUpdate()}
            >
              {t('updates.restart')}
            </ReasonedButton>
          )}
        </p>
      );
    case 'error':
      return (
        <p data-testid="update-row" className="muted">
          {t('updates.failed', { message: updates.message })}
        </p>
      );
    default:
      return null;
  }
}
