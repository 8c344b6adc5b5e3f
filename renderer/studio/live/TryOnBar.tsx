// Try-on controls under the studio preview: the Try on toggle (the pinned product on the host's face in the
// stream), the switch that hides the overlay at once (T), and what the tracker is doing.
import { useTranslation } from 'react-i18next';
import { arAsset, arAssetNameKey } from '../../ar/ar-assets';
import { selectTryOn, useTryOnStore } from '../../ar/try-on-store';
import { selectRoom, useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';

export function TryOnBar() {
  const { t } = useTranslation('studio');
  const { tryOn: studioTryOn } = useStudioServices();
  const tryOn = useTryOnStore(selectTryOn);
  const { products } = useStudioStore(selectRoom);
  const pinned = products.find((p) => p.pinned);
  const pinnedAsset = arAsset(pinned?.arAsset);
  if (!pinnedAsset && !tryOn.enabled) return null;
  const product = tryOn.assetId ? t(arAssetNameKey(tryOn.assetId), { ns: 'common' }) : '';
  const stats = tryOn.stats;
  let line: string;
  if (!tryOn.enabled) line = t('live.tryOn.off');
  else if (tryOn.status === 'error') line = t('live.tryOn.error', { message: tryOn.error ?? '' });
  else if (!tryOn.assetId) line = t('live.tryOn.noAsset');
  else if (tryOn.status === 'loading') line = t('live.tryOn.loading', { product });
  else if (tryOn.hidden) line = t('live.tryOn.hidden');
  else line = t('live.tryOn.wearing', { product });
  return (
    <div
      className="try-on-bar"
      data-testid="try-on-bar"
      data-status={tryOn.status}
      data-asset={tryOn.assetId ?? ''}
      data-hidden={tryOn.hidden}
    >
      <div className="buttons">
        <button
          type="button"
          data-testid="try-on-toggle"
          aria-pressed={tryOn.enabled}
          title={t('live.tryOn.toggleTitle')}
          disabled={!tryOn.enabled && !pinnedAsset}
          onClick={() => void studioTryOn.toggle()}
        >
          {t('live.tryOn.toggle')}
        </button>
        {tryOn.enabled && (
          <button
            type="button"
            data-testid="try-on-hide"
            aria-pressed={tryOn.hidden}
            onClick={() => studioTryOn.setHidden(!tryOn.hidden)}
          >
            {tryOn.hidden ? t('live.tryOn.show') : t('live.tryOn.hide')}
          </button>
        )}
      </div>
      <p className="muted" data-testid="try-on-status">
        {line}
      </p>
      {tryOn.enabled && !tryOn.hidden && tryOn.assetId && stats && (
        <p
          className="muted mono"
          data-testid="try-on-stats"
          data-fps={stats.drawnFps}
          data-track-hz={stats.trackHz}
          data-faces={stats.faces}
        >
          {stats.trackMs === null
            ? t('live.tryOn.waiting')
            : stats.faces === 0
              ? t('live.tryOn.noFace')
              : t('live.tryOn.stats', { fps: stats.drawnFps, ms: stats.trackMs, hz: stats.trackHz })}
        </p>
      )}
    </div>
  );
}
