// What is running: desktop app or browser mode, version and platform.
import { useTranslation } from 'react-i18next';
import { selectInfo, useStudioStore } from '../../stores/studio-store';

export function AppPanel() {
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
