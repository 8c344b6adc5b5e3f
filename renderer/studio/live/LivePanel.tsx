import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getStudio } from '../../bridge/studio-bridge';
import { DanmakuLayer } from '../../danmaku/DanmakuLayer';
import { TEST_PATTERN_ID } from '../../media/media-devices';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { useTryOnStore } from '../../ar/try-on-store';
import { selectInfo, selectLive, useStudioStore } from '../../stores/studio-store';
import { studioDanmaku } from '../room/room-feed';
import { studioDanmakuPrefs } from '../studio-prefs';
import { liveSession } from './live-session';
import { studioTryOn } from './studio-try-on';
import { TryOnBar } from './TryOnBar';

function HealthPanel() {
  const { t } = useTranslation('studio');
  const { health, phase } = useStudioStore(selectLive);
  if (phase !== 'live') return null;
  return (
    <section className="card" aria-labelledby="health-heading" data-testid="health-panel">
      <h2 id="health-heading">{t('live.health.heading')}</h2>
      {!health ? (
        <p className="muted">{t('live.health.waiting')}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t('live.health.bitrate')}</dt>
            <dd data-testid="health-bitrate">{t('live.health.kbps', { value: health.bitrateKbps })}</dd>
            <dt>{t('live.health.fps')}</dt>
            <dd data-testid="health-fps">{health.fps ?? '–'}</dd>
            <dt>{t('live.health.resolution')}</dt>
            <dd>
              {health.width && health.height
                ? t('live.health.size', { width: health.width, height: health.height })
                : '–'}
            </dd>
            <dt>{t('live.health.loss')}</dt>
            <dd>{t('live.health.percent', { value: health.lossPct })}</dd>
            <dt>{t('live.health.rtt')}</dt>
            <dd>{health.rttMs !== null ? t('live.health.ms', { value: health.rttMs }) : '–'}</dd>
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
    </section>
  );
}

export function LivePanel() {
  const { t, i18n } = useTranslation('studio');
  const live = useStudioStore(selectLive);
  const info = useStudioStore(selectInfo);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [title, setTitle] = useState('');
  const [copied, setCopied] = useState(false);
  const busy = live.phase === 'starting' || live.phase === 'ending';
  const isLive = live.phase === 'live';
  // The go-live button is only ever disabled with one of these on screen beside it.
  const liveReason = !info
    ? t('live.waitingForHost')
    : live.phase === 'starting'
      ? t('live.startingReason')
      : live.phase === 'ending'
        ? t('live.endingReason')
        : null;

  useEffect(() => {
    if (videoRef.current && live.phase !== 'idle') videoRef.current.srcObject = liveSession.previewStream;
  }, [live.phase, live.cameraId]);

  const [marked, setMarked] = useState(0);
  // A mark belongs to a room and carries the key that proves this studio hosts it (the backend refuses
  // anything else), so without both the button says why instead of queueing a mark that cannot land.
  const roomClient = live.roomId ? liveSession.roomClient : null;
  const markRoomId = roomClient?.currentRoomId ?? null;
  const markHostKey = roomClient?.currentHostKey ?? null;
  const markUnavailable = !markRoomId ? t('room.markNoRoom') : !markHostKey ? t('room.markNoHostKey') : null;
  const markMoment = () => {
    if (!markRoomId || !markHostKey) return;
    void getStudio()
      .analytics.mark({ roomId: markRoomId, hostKey: markHostKey, label: 'host mark' })
      .then((r) => {
        if (r.ok) setMarked((n) => n + 1);
        else useStudioStore.getState().patchRoom({ error: r.error.message });
      });
  };

  const toggleLive = () => {
    if (busy || !info) return;
    if (isLive) void liveSession.end();
    else
      void liveSession.goLive(
        info.serverUrl,
        info.hostToken,
        title.trim() || t('live.roomTitleDefault'),
        i18n.language,
      );
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        toggleLive();
      } else if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.toLowerCase() === 'm') {
        liveSession.setMicMuted(!useStudioStore.getState().live.micMuted);
      } else if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.toLowerCase() === 'k') {
        markMoment();
      } else if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.toLowerCase() === 't') {
        const { enabled, hidden } = useTryOnStore.getState().tryOn;
        if (enabled) studioTryOn.setHidden(!hidden);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <>
      <section className="card live-card" aria-labelledby="live-heading">
        <div className="live-header">
          <h2 id="live-heading">{t('live.heading')}</h2>
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
        <DanmakuLayer feed={studioDanmaku} video={videoRef} prefs={studioDanmakuPrefs}>
          <video
            ref={videoRef}
            className="preview"
            autoPlay
            muted
            playsInline
            aria-label={t('live.previewAlt')}
          />
        </DanmakuLayer>
        <TryOnBar />
        <div className="controls">
          <label>
            <span>{t('live.roomTitle')}</span>
            <input
              data-testid="room-title"
              value={title}
              maxLength={120}
              placeholder={t('live.roomTitleDefault')}
              disabled={isLive}
              title={isLive ? t('live.roomTitleLocked') : undefined}
              onChange={(e) => setTitle(e.target.value)}
            />
            {isLive && <span className="disabled-reason">{t('live.roomTitleLocked')}</span>}
          </label>
          <label>
            <span>{t('live.camera')}</span>
            <select
              data-testid="camera-select"
              value={live.cameraId ?? ''}
              onChange={(e) => void liveSession.useCamera(e.target.value || null)}
            >
              {live.cameras.length === 0 && <option value="">–</option>}
              {live.cameras.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
              <option value={TEST_PATTERN_ID}>{t('live.testPattern')}</option>
            </select>
          </label>
          <label>
            <span>{t('live.microphone')}</span>
            <select
              data-testid="microphone-select"
              value={live.microphoneId ?? ''}
              onChange={(e) => void liveSession.useMicrophone(e.target.value || null)}
            >
              {live.microphones.length === 0 && <option value="">–</option>}
              {live.microphones.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="buttons">
          {live.phase === 'idle' && (
            <button type="button" data-testid="start-preview" onClick={() => void liveSession.startPreview()}>
              {t('live.startPreview')}
            </button>
          )}
          <ReasonedButton
            className={isLive ? 'danger' : 'primary'}
            testId={isLive ? 'end-live' : 'go-live'}
            reason={liveReason}
            onClick={toggleLive}
          >
            {isLive ? t('live.end') : live.phase === 'starting' ? t('live.starting') : t('live.goLive')}
          </ReasonedButton>
          <button
            type="button"
            data-testid="mute"
            aria-pressed={live.micMuted}
            onClick={() => liveSession.setMicMuted(!live.micMuted)}
          >
            {live.micMuted ? t('live.unmute') : t('live.mute')}
          </button>
          <ReasonedButton testId="mark-moment" reason={markUnavailable} onClick={markMoment}>
            {marked > 0 ? t('room.markedCount', { count: marked }) : t('room.mark')}
          </ReasonedButton>
        </div>
        {live.viewerUrl && (
          <div className="viewer-link">
            <span className="muted">{t('live.viewerLink')}</span>
            <code data-testid="viewer-url">{live.viewerUrl}</code>
            <button
              type="button"
              onClick={() =>
                void navigator.clipboard?.writeText(live.viewerUrl!).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? t('live.copied') : t('live.copy')}
            </button>
          </div>
        )}
        <p className="muted">{t('live.shortcuts')}</p>
      </section>
      <HealthPanel />
    </>
  );
}
