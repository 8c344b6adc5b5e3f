// The room's live video, consumed like a viewer's (RoomFeed over the viewer page's RoomClient), muted by
// default; when it cannot be shown, the panel says why.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomFeed, VideoState } from './room-feed';

export function LiveVideo({ feed }: { feed: RoomFeed | null }) {
  const { t } = useTranslation('dashboard');
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<VideoState>(feed?.videoState ?? { kind: 'connecting' });
  useEffect(() => {
    if (!feed) return;
    setState(feed.videoState);
    const el = video.current!;
    el.srcObject = feed.stream;
    el.muted = true;
    const off = feed.onVideo((s) => {
      setState(s);
      if (s.kind === 'playing') void el.play().catch(() => undefined);
    });
    return () => {
      off();
      el.srcObject = null;
    };
  }, [feed]);
  const note =
    state.kind === 'playing'
      ? null
      : state.kind === 'refused'
        ? t('video.refused', { message: state.message })
        : t(`video.${state.kind}`);
  return (
    <section className="card" aria-labelledby="video-heading">
      <h2 id="video-heading">{t('video.heading')}</h2>
      <video
        ref={video}
        className="viewer-video"
        data-testid="ops-video"
        autoPlay
        playsInline
        muted
        controls
      />
      {note && (
        <p className="muted" role="status" data-testid="video-note" data-state={state.kind}>
          {note}
        </p>
      )}
    </section>
  );
}
