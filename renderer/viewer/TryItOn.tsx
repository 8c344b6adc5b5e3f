// "Try it on" for the pinned product: the viewer's own camera with the product drawn on their face, in a small
// mirrored preview. It all stays in this page (LocalTryOn): nothing is uploaded, and Stop releases the camera.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LocalTryOn } from '../ar/local-try-on';

type Phase = 'off' | 'starting' | 'on' | 'error';

const PREVIEW_STYLE = { transform: 'scaleX(-1)', width: '240px', maxWidth: '100%', borderRadius: '8px' };

export function TryItOn({ assetId }: { assetId: string }) {
  const { t } = useTranslation('viewer');
  const [phase, setPhase] = useState<Phase>('off');
  const [error, setError] = useState<string | null>(null);
  /** The camera is open but the face tracker could not run: the preview shows the plain camera. */
  const [trackerError, setTrackerError] = useState<string | null>(null);
  const session = useRef<LocalTryOn | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  /** Bumped on start and stop, so a camera that opens after Stop is closed at once. */
  const attempt = useRef(0);

  const stop = () => {
    attempt.current++;
    session.current?.close();
    session.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setPhase('off');
  };

  const start = () => {
    const mine = ++attempt.current;
    setPhase('starting');
    setError(null);
    setTrackerError(null);
    LocalTryOn.start(assetId, {
      onError: (e) => {
        if (mine === attempt.current) setTrackerError(e.message);
      },
    }).then(
      (s) => {
        if (mine !== attempt.current) {
          s.close();
          return;
        }
        session.current = s;
        setPhase('on');
      },
      (e: unknown) => {
        if (mine !== attempt.current) return;
        setError(e instanceof Error ? e.message : String(e));
        setPhase('error');
      },
    );
  };

  // The preview element exists once the phase is 'on'.
  useEffect(() => {
    if (phase === 'on' && videoRef.current && session.current)
      videoRef.current.srcObject = session.current.stream;
  }, [phase]);

  // Another pinned product: wear that one instead.
  useEffect(() => {
    void session.current?.setProduct(assetId);
  }, [assetId]);

  // Leaving the page or the product being unpinned releases the camera.
  useEffect(
    () => () => {
      attempt.current++;
      session.current?.close();
      session.current = null;
    },
    [],
  );

  return (
    <div className="try-it-on" data-testid="try-it-on" data-phase={phase}>
      {phase === 'on' || phase === 'starting' ? (
        <button type="button" data-testid="try-it-on-stop" onClick={stop}>
          {t('tryOn.stop')}
        </button>
      ) : (
        <button type="button" data-testid="try-it-on-start" onClick={start}>
          {t('tryOn.start')}
        </button>
      )}
      {phase === 'starting' && <p className="muted">{t('tryOn.starting')}</p>}
      {phase === 'error' && (
        <p className="banner banner-error" role="alert">
          {t('tryOn.error', { message: error ?? '' })}
        </p>
      )}
      {phase === 'on' && (
        <>
          <video
            ref={videoRef}
            className="try-it-on-preview"
            data-testid="try-it-on-preview"
            autoPlay
            muted
            playsInline
            aria-label={t('tryOn.previewAlt')}
            // Mirrored like a looking glass; the picture itself is not (set through the CSSOM, CSP-safe).
            style={PREVIEW_STYLE}
          />
          {trackerError && (
            <p className="banner banner-warn" role="status">
              {t('tryOn.unavailable', { message: trackerError })}
            </p>
          )}
          <p className="muted">{t('tryOn.private')}</p>
        </>
      )}
    </div>
  );
}
