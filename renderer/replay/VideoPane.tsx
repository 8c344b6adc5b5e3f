// The recording, with the comments flying over it (the danmaku layer replaying the comment cache on the
// stream's clock) and the play controls. Without a recording: why, and the rest of the page still follows a
// playhead of its own.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayDetail } from '../../core/protocol/replay';
import { DanmakuLayer } from '../danmaku/DanmakuLayer';
import { useReplay } from './replay-context';
import { useReplayStore } from './replay-store';
import { clockLabel } from './timeline-data';

function Controls({ detail }: { detail: ReplayDetail }) {
  const { t } = useTranslation('replay');
  const { service } = useReplay();
  const playing = useReplayStore((s) => s.playing);
  const currentMs = useReplayStore((s) => s.currentMs);
  const segmentSeq = useReplayStore((s) => s.segmentSeq);
  const gap = service.timeline?.gapAt(currentMs) ?? null;
  return (
    <div className="player-controls" role="toolbar" aria-label={t('player.controls')}>
      <button
        type="button"
        data-testid="play-toggle"
        aria-pressed={playing}
        onClick={() => service.player.toggle()}
      >
        {playing ? t('player.pause') : t('player.play')}
      </button>
      <button type="button" onClick={() => void service.player.skip(-10_000)}>
        {t('player.back10')}
      </button>
      <button type="button" onClick={() => void service.player.skip(10_000)}>
        {t('player.forward10')}
      </button>
      <span className="num" data-testid="player-time">
        {clockLabel(currentMs)} / {clockLabel(detail.item.durationMs)}
      </span>
      {segmentSeq !== null && (
        <span className="muted" data-testid="player-segment">
          {t('player.segment', { seq: segmentSeq })}
        </span>
      )}
      {gap && (
        <span className="badge" data-testid="player-gap">
          {t('player.inGap', { reason: t(`gapReason.${gap.reason}`) })}
        </span>
      )}
    </div>
  );
}

export function VideoPane({ detail }: { detail: ReplayDetail }) {
  const { t } = useTranslation('replay');
  const { service, danmaku } = useReplay();
  const video = useRef<HTMLVideoElement>(null);
  const recorded = !!service.timeline && !service.timeline.empty;
  useEffect(() => {
    if (!recorded || !video.current) return;
    return service.player.attach(video.current);
  }, [service, recorded]);
  const status = detail.recording.status;
  return (
    <section className="card video-pane" aria-label={t('player.heading')}>
      <DanmakuLayer feed={danmaku} video={video}>
        {recorded ? (
          <video
            ref={video}
            className="replay-video"
            data-testid="replay-video"
            playsInline
            preload="auto"
            onClick={() => service.player.toggle()}
          />
        ) : (
          <div className="no-recording" role="status" data-testid="no-recording" data-state={status.state}>
            <p>{t('player.noRecording')}</p>
            <p className="muted">
              {status.reason
                ? t('player.noRecordingReason', { reason: status.reason })
                : t(`recordingState.${status.state}`)}
            </p>
          </div>
        )}
      </DanmakuLayer>
      <Controls detail={detail} />
    </section>
  );
}
