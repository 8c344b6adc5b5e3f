// Try-on controls under the studio preview: the Try on toggle (the pinned product on the host's face in the
// stream), the switch that hides the overlay at once (T), which face wears it when several are in view (a click
// on a face in the preview, or Next face: F), and what the tracker is doing.
import { useTranslation } from 'react-i18next';
import type { FaceTargetState } from '../../../core/ar/face-target';
import { arAsset, arAssetNameKey } from '../../ar/ar-assets';
import { selectTryOn, useTryOnStore } from '../../ar/try-on-store';
import { selectRoom, useStudioStore } from '../../stores/studio-store';
import { COMMAND } from '../commands/studio-commands';
import { useCommand } from '../commands/use-command';
import { useStudioServices } from '../services/services-context';

export function TryOnBar() {
  const { t } = useTranslation('studio');
  const { tryOn: studioTryOn } = useStudioServices();
  const tryOn = useTryOnStore(selectTryOn);
  const nextFace = useCommand(COMMAND.nextTryOnFace);
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
        {tryOn.enabled && (
          <button
            type="button"
            data-testid="try-on-next-face"
            aria-keyshortcuts="F"
            title={nextFace.reason ?? t('live.tryOn.nextFaceTitle')}
            disabled={nextFace.reason !== null}
            onClick={nextFace.run}
          >
            {t('live.tryOn.nextFace')}
          </button>
        )}
      </div>
      <p className="muted" data-testid="try-on-status">
        {line}
      </p>
      {tryOn.enabled && stats && <FaceLine target={stats.target} />}
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

/** Which face wears the product, once there is a choice (two faces, or one the host picked). */
function FaceLine({ target }: { target: FaceTargetState }) {
  const { t } = useTranslation('studio');
  if (target.faces < 2 && !target.picked) return null;
  const line = target.waiting
    ? t('live.tryOn.faceWaiting', { count: target.faces })
    : t(target.picked ? 'live.tryOn.facePicked' : 'live.tryOn.faceAuto', {
        index: target.index ?? 0,
        count: target.faces,
      });
  return (
    <p
      className="muted"
      role="status"
      data-testid="try-on-face"
      data-index={target.index ?? ''}
      data-faces={target.faces}
      data-picked={target.picked}
      data-waiting={target.waiting}
    >
      {line}
    </p>
  );
}
