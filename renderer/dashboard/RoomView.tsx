// One room for ops: metric cards, per-minute charts, funnel, products, languages, live video, comments with
// moderation, alerts with Acknowledge, thresholds and a note to the host. What loads independently shows
// independently: a backend without rollups still shows the room's comments, products and video.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from './board-model';
import { useDashboardStore } from './dashboard-store';
import { LiveVideo } from './LiveVideo';
import { MetricCards } from './MetricCards';
import { NotesPanel } from './NotesPanel';
import { ProblemNote } from '../shared/ProblemNote';
import { PitchPicks } from '../shared/PitchPicks';
import { RecordingBadge } from '../shared/RecordingBadge';
import { RestreamPanel } from './RestreamPanel';
import { RoomCharts } from './RoomCharts';
import { AlertFeed, CommentFeed } from './RoomFeeds';
import { Funnel, LanguageSplit, ProductTable } from './RoomTables';
import { ThresholdsEditor } from './ThresholdsEditor';
import { useService } from './service-context';
import { ViolationsPanel } from './ViolationsPanel';

function LiveFor({ since }: { since: number | null }) {
  const { t } = useTranslation('dashboard');
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (since === null) return <span className="muted">{t('tile.notLive')}</span>;
  return <span className="muted num">{t('room.liveFor', { duration: formatDuration(now - since) })}</span>;
}

export function RoomView({ roomId, onBack }: { roomId: string; onBack(): void }) {
  const { t } = useTranslation('dashboard');
  const service = useService();
  const room = useDashboardStore((s) => (s.room?.roomId === roomId ? s.room : null));
  const allAlerts = useDashboardStore((s) => s.alerts);
  const alerts = useMemo(
    () => Object.values(allAlerts).filter((a) => a.roomId === roomId),
    [allAlerts, roomId],
  );
  if (!room) return null;
  return (
    <div className="room-view" data-testid="room-view" data-room-id={roomId}>
      <div className="room-head">
        <button type="button" data-testid="room-back" onClick={onBack}>
          ← {t('room.back')}
        </button>
        <h2 data-testid="room-title">{room.title || roomId}</h2>
        <LiveFor since={room.liveSince} />
        {room.recording && <RecordingBadge status={room.recording} />}
      </div>
      {room.status === 'loading' && <p className="muted">{t('room.loading')}</p>}
      {room.status === 'error' && room.error && <ProblemNote problem={room.error} testId="room-error" />}
      <div className="room-grid">
        <div className="room-main">
          {room.windows ? (
            <MetricCards windows={room.windows} />
          ) : (
            room.status === 'ready' && <p className="muted">{t('room.noWindows')}</p>
          )}
          {room.status === 'ready' && <RoomCharts buckets={room.buckets} pins={room.pins} alerts={alerts} />}
          {room.windows && <Funnel total={room.windows.total} orders={room.orders} />}
          <ProductTable buckets={room.buckets} pins={room.pins} products={room.products} />
          {room.status === 'ready' && <LanguageSplit buckets={room.buckets} />}
          <ThresholdsEditor roomId={roomId} />
        </div>
        <div className="room-side">
          <LiveVideo feed={service.roomFeed} />
          <section className="card" data-testid="ops-pitch" aria-labelledby="ops-pitch-heading">
            <h3 id="ops-pitch-heading">{t('common:pitch.heading')}</h3>
            <PitchPicks pitch={room.pitch} products={room.products} />
          </section>
          <AlertFeed roomId={roomId} />
          <ViolationsPanel roomId={roomId} />
          <RestreamPanel roomId={roomId} />
          <NotesPanel roomId={roomId} />
          <CommentFeed roomId={roomId} />
        </div>
      </div>
    </div>
  );
}
