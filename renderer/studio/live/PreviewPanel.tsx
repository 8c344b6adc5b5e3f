// The preview: what goes out (the compositor's picture, with danmaku over it and the try-on bar under it)
// and whether it is live. It cannot be hidden; everything else about going live is in the Go live panel.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { videoClickToPicture } from '../../ar/preview-point';
import { useTryOnStore } from '../../ar/try-on-store';
import { DanmakuLayer } from '../../danmaku/DanmakuLayer';
import { studioDanmakuPrefs } from '../studio-prefs';
import { selectLive, useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';
import { TryOnBar } from './TryOnBar';

export function PreviewPanel() {
  const { t } = useTranslation('studio');
  const { live: liveSession, danmaku, tryOn } = useStudioServices();
  const live = useStudioStore(selectLive);
  const videoRef = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (videoRef.current && live.phase !== 'idle') videoRef.current.srcObject = liveSession.previewStream;
  }, [live.phase, live.cameraId, liveSession]);

  return (
    <div className="preview-panel" data-testid="preview-panel">
      <div className="live-header">
        <span className={`phase phase-${live.phase}`} data-testid="live-phase" data-phase={live.phase}>
          {t(`live.phase.${live.phase}`)}
        </span>
      </div>
      {live.mediaReset && (
        <div className="banner banner-warn" role="status" data-testid="media-reset">
          {t('live.mediaReset')}
        </div>
      )}
      {live.error && (
        <div className="banner banner-error" role="alert" data-testid="live-error">
          {t('live.error', { message: live.error })}
        </div>
      )}
      <DanmakuLayer
        feed={danmaku.feed}
        video={videoRef}
        shortcut={false}
        control={danmaku.control}
        prefs={studioDanmakuPrefs}
      >
        <video
          ref={videoRef}
          className="preview"
          autoPlay
          muted
          playsInline
          aria-label={t('live.previewAlt')}
          // With try-on on, a click on a face puts the product on it (the keyboard's way: Next face, F).
          onClick={(e) => {
            const point = useTryOnStore.getState().tryOn.enabled
              ? videoClickToPicture(e.currentTarget, e.clientX, e.clientY)
              : null;
            if (point) tryOn.pickFaceAt(point);
          }}
        />
      </DanmakuLayer>
      <TryOnBar />
    </div>
  );
}
