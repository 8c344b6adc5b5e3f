// The uplink's health while live: bitrate, frame rate, size, loss and round trip, with what to do about a
// problem. The numbers come from the live session (once a second from the browser's sender statistics).
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { selectLive, useStudioStore } from '../../stores/studio-store';
import { multistreamSummary } from '../multistream/multistream-words';
import { useStudioServices } from '../services/services-context';

export function HealthPanel() {
  const { t } = useTranslation('studio');
  const { health, phase } = useStudioStore(selectLive);
  const { multistream } = useStudioServices();
  const restream = useSyncExternalStore(multistream.subscribe, multistream.snapshot);
  // "Multistream: 2 of 3 live", with the multistream panel holding each destination's detail.
  const multistreamLine = multistreamSummary(t, restream.status);
  // A tab of its own in the workspace: it says when it will have something rather than stay blank.
  if (phase !== 'live') return <p className="muted">{t('live.health.notLive')}</p>;
  return (
    <div className="health-panel" data-testid="health-panel">
      {!health ? (
        <p className="muted">{t('live.health.waiting')}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t('live.health.bitrate')}</dt>
            <dd data-testid="health-bitrate">{t('live.health.kbps', { value: health.bitrateKbps })}</dd>
            <dt>{t('live.health.fps')}</dt>
            <dd data-testid="health-fps">{health.fps ?? t('live.health.none')}</dd>
            <dt>{t('live.health.resolution')}</dt>
            <dd>
              {health.width && health.height
                ? t('live.health.size', { width: health.width, height: health.height })
                : t('live.health.none')}
            </dd>
            <dt>{t('live.health.loss')}</dt>
            <dd>{t('live.health.percent', { value: health.lossPct })}</dd>
            <dt>{t('live.health.rtt')}</dt>
            <dd>
              {health.rttMs !== null ? t('live.health.ms', { value: health.rttMs }) : t('live.health.none')}
            </dd>
          </dl>
          {health.warnings.length === 0 ? (
            <p className="status status-connected">
              <span className="dot" aria-hidden="true" />
              {t('live.health.good')}
            </p>
          ) : (
            <ul className="warnings" data-testid="health-warnings">
              {health.warnings.map((w) => (
                <li key={w}>{t(`live.health.warnings.${w}`)}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {multistreamLine && <p data-testid="health-multistream">{multistreamLine}</p>}
    </div>
  );
}
