import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptionLanguage } from '../../core/protocol/captions';
import { VIEWER_LANGUAGES } from '../../core/protocol/languages';
import { StudioError } from '../../core/protocol/result';
import { decodeCommentFrame } from '../../core/protocol/room-events';
import type { RoomStateEvent } from '../../core/protocol/socket-events';
import { DanmakuLayer } from '../danmaku/DanmakuLayer';
import { DanmakuFeed } from '../danmaku/danmaku-feed';
import { LatencyMeter } from '../media/latency-meter';
import { RoomClient } from '../media/room-client';
import { receiverNumbers } from '../media/webrtc-stats';
import { HistoryGate } from '../shared/history-gate';
import { formatters } from '../shared/formatters';
import { PageShell } from '../shared/PageShell';
import { setLanguage } from '../shared/i18n';
import { browserStorage, forgetLegacyViewerId, loadViewerSession } from '../shared/viewer-session';
import { saveCaptionChoice } from '../captions/caption-languages';
import { EMPTY_LANE } from '../captions/caption-lines';
import { useViewerStore, type ViewerStatus } from '../stores/viewer-store';
import { CaptionLayer, CaptionPicker } from './CaptionLayer';
import { StreamInfo } from './StreamInfo';
import { isDataSaver, receivedMedia, withDataSaver } from './data-saver';
import { ViewerCaptions } from './viewer-captions';
import { ViewerAnalytics } from './viewer-analytics';
import { initialViewerAuth, keepViewerIdentity } from './viewer-identity';
import { usePhoneLayout } from './use-phone-layout';
import { AlsoLike } from './AlsoLike';
import { ownComments } from './own-comments';
import { PinnedProduct, ViewerComments } from './ViewerRoom';

const STATS_POLL_MS = 1000;

function statusFor({ room, hostConnected }: RoomStateEvent): ViewerStatus {
  if (room.status === 'ended') return 'ended';
  if (room.status === 'created') return 'waiting';
  return hostConnected ? 'live' : 'hostReconnecting';
}

function StatsPanel({ video }: { video: RefObject<HTMLVideoElement | null> }) {
  const { t, i18n } = useTranslation('viewer');
  const stats = useViewerStore((s) => s.stats);
  if (!stats) return null;
  const f = formatters(i18n.language);
  return (
    <section
      className="card stats"
      data-testid="stats-panel"
      data-latency-samples={JSON.stringify(stats.latencySamples)}
    >
      <dl className="facts">
        <dt>{t('stats.resolution')}</dt>
        <dd>
          {stats.width && stats.height
            ? t('stats.size', { width: f.plain(stats.width), height: f.plain(stats.height) })
            : '–'}
        </dd>
        <StreamInfo video={video} />
        <dt>{t('stats.fps')}</dt>
        <dd>{stats.fps !== null ? f.int(stats.fps) : '–'}</dd>
        <dt>{t('stats.frames')}</dt>
        <dd data-testid="stat-frames" data-value={stats.framesDecoded}>
          {f.int(stats.framesDecoded)}
        </dd>
        <dt>{t('stats.audio')}</dt>
        <dd data-testid="stat-audio" data-value={stats.audioSamples}>
          {f.int(stats.audioSamples)}
        </dd>
        <dt>{t('stats.latency')}</dt>
        <dd data-testid="stat-latency" data-value={stats.latencyP50 ?? ''}>
          {stats.latencyP50 !== null
            ? t('stats.latencyValue', { p50: f.ms(stats.latencyP50), p95: f.ms(stats.latencyP95 ?? 0) })
            : t('stats.noLatency')}
        </dd>
      </dl>
    </section>
  );
}

export function ViewerApp() {
  const { t } = useTranslation('viewer');
  const status = useViewerStore((s) => s.status);
  const detail = useViewerStore((s) => s.detail);
  const needsUnmute = useViewerStore((s) => s.needsUnmute);
  const roomTitle = useViewerStore((s) => s.roomTitle);
  const videoRef = useRef<HTMLVideoElement>(null);
  const controlsRef = useRef<HTMLDivElement>(null);
  const dockRef = useRef<HTMLDivElement>(null);
  const phone = usePhoneLayout(videoRef, controlsRef, dockRef);
  const [showStats, setShowStats] = useState(() => new URLSearchParams(location.search).has('stats'));
  const [client, setClient] = useState<RoomClient | null>(null);
  const [analytics, setAnalytics] = useState<ViewerAnalytics | null>(null);
  const [danmaku] = useState(() => new DanmakuFeed());
  const captionsRef = useRef<ViewerCaptions | null>(null);
  const roomId = new URLSearchParams(location.search).get('room');
  const dataSaver = isDataSaver(location.search);

  const onCaptionLanguage = useCallback((lang: CaptionLanguage | null) => {
    if (captionsRef.current) captionsRef.current.setLanguage(lang);
    else {
      saveCaptionChoice(lang);
      useViewerStore.getState().set({ captionLang: lang, captionLane: EMPTY_LANE });
    }
  }, []);

  useEffect(() => {
    const { set } = useViewerStore.getState();
    const roomId = new URLSearchParams(location.search).get('room');
    if (!roomId) {
      set({ status: 'noRoom' });
      return;
    }
    const video = videoRef.current!;
    const stream = new MediaStream();
    video.srcObject = stream;
    // The viewer link carries the room's token; the backend answers it with an identity of this viewer's
    // own (session:identity), kept per room and presented instead from then on.
    const linkToken = new URLSearchParams(location.search).get('t') ?? '';
    const storage = browserStorage();
    forgetLegacyViewerId(storage);
    const identity = { roomId, linkToken, storage };
    const client = new RoomClient({
      serverUrl: location.origin,
      role: 'viewer',
      receive: receivedMedia(location.search),
      ...initialViewerAuth(identity, Date.now()),
    });
    setClient(client);
    const captions = new ViewerCaptions(client, roomId);
    captionsRef.current = captions;
    // Stream time as this page saw it: from the first moment it saw the room live.
    let liveSeenAt: number | null = null;
    const sawState = (state: RoomStateEvent) => {
      if (state.room.status === 'live') liveSeenAt ??= Date.now();
    };
    const analytics = new ViewerAnalytics({
      connection: client,
      roomId,
      streamTime: () => (liveSeenAt === null ? 0 : Date.now() - liveSeenAt),
      language: () => useViewerStore.getState().captionLang ?? navigator.language,
    });
    setAnalytics(analytics);
    // The pinned card is on the page whenever a product is pinned: one impression per pin period.
    const offStore = useViewerStore.subscribe((s, prev) => {
      if (s.pinned?.id !== prev.pinned?.id) analytics.pinned(s.pinned?.id ?? null);
      if (s.captionLang !== prev.captionLang) analytics.captionLanguage(s.captionLang);
    });
    const meter = new LatencyMeter(video);
    // This viewer's own comments come back masked like everyone's: shown and flown as it typed them.
    ownComments.setHandle(loadViewerSession(storage, roomId, Date.now())?.handle ?? null);
    const offOwn = client.on('session', (session) => {
      if (session.roomId === roomId) ownComments.setHandle(session.handle);
    });
    const batches = new HistoryGate<ReturnType<typeof decodeCommentFrame>>((b) => {
      const items = ownComments.restore(b.items);
      useViewerStore.getState().addComments(items, b.shed ?? 0);
      danmaku.push(items);
    });
    const loadRoom = () => {
      batches.hold();
      void Promise.all([
        client.request('product:list', { roomId }),
        client.request('comment:history', { roomId }),
      ])
        .then(([products, history]) => {
          set({ pinned: products.find((p) => p.pinned) ?? null });
          useViewerStore.getState().addComments(ownComments.restore(history));
        })
        .catch(() => undefined)
        .finally(() => batches.release());
    };
    // Payloads are checked against their schemas before these handlers (and so the page) see them.
    client.onServer('comment:batch', (frame) => {
      const b = decodeCommentFrame(frame);
      if (b.roomId === roomId) batches.live(b);
    });
    client.onServer('comment:deleted', (e) => {
      if (e.roomId !== roomId) return;
      set({ comments: useViewerStore.getState().comments.filter((c) => c.id !== e.commentId) });
      danmaku.remove(e.commentId);
    });
    client.onServer('product:state', ({ roomId: r, product }) => {
      if (r !== roomId) return;
      const current = useViewerStore.getState().pinned;
      if (product.pinned) set({ pinned: product });
      else if (current?.id === product.id) set({ pinned: null });
    });
    client.onServer('order:update', (order) => {
      if (order.roomId === roomId) set({ order });
    });
    let lastState: RoomStateEvent | null = null;

    const play = () => {
      video.muted = false;
      video.play().catch(() => {
        // Autoplay with sound was refused: play muted and offer to unmute.
        video.muted = true;
        set({ needsUnmute: true });
        void video.play().catch(() => undefined);
      });
    };
    const disposers = [
      keepViewerIdentity(client, identity, () => set({ status: 'badLink' })),
      offStore,
      client.on('state', (state) => {
        lastState = state;
        sawState(state);
        set({ status: statusFor(state), roomTitle: state.room.title });
      }),
      client.on('connection', (up) => {
        if (!up) set({ status: 'offline' });
        else if (lastState) set({ status: statusFor(lastState) });
      }),
      client.on('track', (track) => {
        stream
          .getTracks()
          .filter((t) => t.kind === track.kind)
          .forEach((t) => stream.removeTrack(t));
        stream.addTrack(track);
        play();
      }),
      client.on('trackEnded', (kind) => {
        stream
          .getTracks()
          .filter((t) => t.kind === kind)
          .forEach((t) => stream.removeTrack(t));
      }),
      client.on('error', (e) => set({ detail: e.message })),
    ];
    batches.hold(); // until the room's history is in (loadRoom releases it)
    client
      .join(roomId)
      .then((snapshot) => {
        lastState = snapshot;
        sawState(snapshot);
        set({ status: statusFor(snapshot), roomTitle: snapshot.room.title });
        captions.joinedRoom();
        analytics.joinedRoom();
        loadRoom();
        // Again after each reconnect, once back in the room (asked before that, the lists are refused).
        disposers.push(
          client.on('rejoined', (id) => {
            if (id === roomId) loadRoom();
          }),
        );
      })
      .catch((error: unknown) => {
        batches.release();
        if (error instanceof StudioError && error.code === 'not_found') set({ status: 'notFound' });
        else if (error instanceof StudioError && error.code === 'unavailable')
          set({ status: 'unavailable', detail: error.message });
        else set({ detail: String((error as Error).message ?? error) });
      });
    const timer = setInterval(() => {
      void client.consumerStats().then((reports) => {
        const n = receiverNumbers(reports);
        set({
          stats: {
            width: n.frameWidth,
            height: n.frameHeight,
            fps: n.framesPerSecond,
            framesDecoded: n.framesDecoded,
            audioSamples: n.audioSamples,
            latencyP50: meter.percentile(50),
            latencyP95: meter.percentile(95),
            latencySamples: meter.recent().slice(-300),
          },
        });
      });
    }, STATS_POLL_MS);
    return () => {
      clearInterval(timer);
      meter.stop();
      offOwn();
      disposers.forEach((d) => d());
      analytics.leave();
      analytics.close();
      captions.close();
      captionsRef.current = null;
      client.close();
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'i' && !e.ctrlKey && !e.metaKey && !e.altKey) setShowStats((v) => !v);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const overlay: string | null =
    status === 'live'
      ? null
      : status === 'unavailable'
        ? t('unavailable', { message: detail ?? '' })
        : t(status);

  return (
    <PageShell
      titleKey="viewer:title"
      languages={VIEWER_LANGUAGES}
      onLanguageChange={(lng) => void setLanguage(lng)}
    >
      {roomTitle && (
        <h2 className="viewer-room-title" data-testid="viewer-room-title">
          {roomTitle}
        </h2>
      )}
      <DanmakuLayer
        feed={danmaku}
        video={videoRef}
        band={phone.band}
        onHiddenChange={(hidden) => analytics?.danmaku(!hidden)}
      >
        <div
          className="viewer-stage"
          data-testid="viewer-stage"
          data-layout={phone.layout}
          data-orientation={phone.orientation ?? ''}
          data-fit={phone.fit}
        >
          <video
            ref={videoRef}
            className="viewer-video"
            data-testid="viewer-video"
            style={{ objectFit: phone.fit }}
            autoPlay
            playsInline
          />
          {overlay && (
            <div className="viewer-overlay" role="status">
              {overlay}
            </div>
          )}
          <CaptionLayer />
        </div>
      </DanmakuLayer>
      <div className="viewer-controls" ref={controlsRef}>
        {dataSaver ? (
          <p className="muted" data-testid="data-saver">
            {t('dataSaver.on')} <a href={withDataSaver(location.href, false)}>{t('dataSaver.showVideo')}</a>
          </p>
        ) : null}
        <p data-testid="viewer-status" data-status={status} className="muted viewer-status">
          {status === 'live' ? t('live') : (overlay ?? '')}
        </p>
        <div className="buttons">
          {needsUnmute && (
            <button
              type="button"
              className="primary"
              onClick={() => {
                const video = videoRef.current!;
                video.muted = false;
                void video.play();
                useViewerStore.getState().set({ needsUnmute: false });
              }}
            >
              {t('unmute')}
            </button>
          )}
          <button type="button" aria-pressed={showStats} onClick={() => setShowStats((v) => !v)}>
            {t('stats.toggle')}
          </button>
          <CaptionPicker onChange={onCaptionLanguage} />
          {!dataSaver && (
            <a data-testid="data-saver-on" href={withDataSaver(location.href, true)}>
              {t('dataSaver.turnOn')}
            </a>
          )}
        </div>
        <p className="muted captions-hint">{t('captions.shortcut')}</p>
      </div>
      {showStats && <StatsPanel video={videoRef} />}
      <div className="viewer-dock" ref={dockRef} data-testid="viewer-dock">
        <PinnedProduct client={client} roomId={roomId} analytics={analytics} />
        <AlsoLike client={client} roomId={roomId} analytics={analytics} />
        <ViewerComments client={client} roomId={roomId} />
      </div>
    </PageShell>
  );
}
