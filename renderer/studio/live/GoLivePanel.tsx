// The Go live panel: the stream title, camera and microphone, start the camera, go live or end, mute, mark
// a moment, and the viewer link. Its buttons run the same commands as the keys (Ctrl+Enter, M, K), which
// work as well while the panel is hidden.
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { STREAM_ORIENTATIONS, type StreamOrientation } from '../../../core/protocol/studio-settings';
import { TEST_PATTERN_ID } from '../../media/media-devices';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { RecordingBadge } from '../../shared/RecordingBadge';
import { selectLive, selectRecording, useStudioStore } from '../../stores/studio-store';
import { COMMAND } from '../commands/studio-commands';
import { useCommand } from '../commands/use-command';
import { useStudioServices } from '../services/services-context';
import { ResumeNotice } from './ResumeNotice';

function ViewerLink({ url }: { url: string }) {
  const { t } = useTranslation('studio');
  const [copied, setCopied] = useState(false);
  return (
    <div className="viewer-link">
      <span className="muted">{t('live.viewerLink')}</span>
      <code data-testid="viewer-url">{url}</code>
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard?.writeText(url).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? t('live.copied') : t('live.copy')}
      </button>
    </div>
  );
}

export function GoLivePanel() {
  const { t } = useTranslation('studio');
  const { live: liveSession, liveControls, scenes } = useStudioServices();
  const { orientation } = useSyncExternalStore(scenes.subscribe, scenes.snapshot);
  const live = useStudioStore(selectLive);
  const recording = useStudioStore(selectRecording);
  const { marked } = useSyncExternalStore(liveControls.subscribe, liveControls.snapshot);
  const toggleLive = useCommand(COMMAND.toggleLive);
  const toggleMute = useCommand(COMMAND.toggleMute);
  const mark = useCommand(COMMAND.mark);
  const isLive = live.phase === 'live';

  return (
    <div className="go-live-panel" data-testid="go-live-panel">
      <ResumeNotice />
      <div className="controls">
        <label>
          <span>{t('live.roomTitle')}</span>
          <input
            data-testid="room-title"
            value={live.title}
            maxLength={120}
            placeholder={t('live.roomTitleDefault')}
            disabled={isLive}
            title={isLive ? t('live.roomTitleLocked') : undefined}
            onChange={(e) => liveControls.setTitle(e.target.value)}
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
            {live.cameras.length === 0 && <option value="">{t('live.noDevice')}</option>}
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
            {live.microphones.length === 0 && <option value="">{t('live.noDevice')}</option>}
            {live.microphones.map((d) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('live.orientation')}</span>
          <select
            data-testid="orientation-select"
            value={orientation}
            disabled={isLive}
            title={isLive ? t('live.orientationLocked') : undefined}
            onChange={(e) => scenes.setOrientation(e.target.value as StreamOrientation)}
          >
            {STREAM_ORIENTATIONS.map((o) => (
              <option key={o} value={o}>
                {t(o === 'portrait' ? 'live.orientationPortrait' : 'live.orientationLandscape')}
              </option>
            ))}
          </select>
          {isLive && <span className="disabled-reason">{t('live.orientationLocked')}</span>}
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
          reason={toggleLive.reason}
          onClick={toggleLive.run}
        >
          {isLive ? t('live.end') : live.phase === 'starting' ? t('live.starting') : t('live.goLive')}
        </ReasonedButton>
        <button type="button" data-testid="mute" aria-pressed={live.micMuted} onClick={toggleMute.run}>
          {live.micMuted ? t('live.unmute') : t('live.mute')}
        </button>
        <ReasonedButton testId="mark-moment" reason={mark.reason} onClick={mark.run}>
          {marked > 0 ? t('room.markedCount', { count: marked }) : t('room.mark')}
        </ReasonedButton>
      </div>
      {isLive && recording && <RecordingBadge status={recording} />}
      {live.viewerUrl && <ViewerLink url={live.viewerUrl} />}
      <p className="muted">{t('live.shortcuts')}</p>
    </div>
  );
}
