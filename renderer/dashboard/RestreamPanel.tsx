// The room's restream destinations for ops: each one's name, platform, state in words (why, when it is
// reconnecting or in error), bitrate, time live, reconnects and dropped frames. Loaded with 'multistream:get'
// and kept current from 'multistream:status' (sent to the ops watching the room). The studio's words for a
// destination's state are reused, so ops and the host read the same.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DestinationStatus, MultistreamStatus } from '../../core/protocol/multistream';
import { formatters } from '../shared/formatters';
import { ProblemNote } from '../shared/ProblemNote';
import { destinationState, formatUptime, platformName } from '../studio/multistream/multistream-words';
import { useDashboardStore } from './dashboard-store';
import type { Problem } from './dashboard-store';
import { problemOf } from './feed-helpers';
import { newerStatus, restreamCard } from './restream-model';
import { useService } from './service-context';

const STATE_TAG: Record<DestinationStatus['state'], string> = {
  connecting: 'muted',
  live: 'tag-ok',
  reconnecting: 'tag-warn',
  error: 'tag-bad',
  ended: 'muted',
};

export function RestreamPanel({ roomId }: { roomId: string }) {
  const { t } = useTranslation('dashboard');
  const service = useService();
  const board = useDashboardStore((s) => s.tiles[roomId]?.restream ?? null);
  const [status, setStatus] = useState<MultistreamStatus | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<Problem | null>(null);

  useEffect(() => {
    let stopped = false;
    setStatus(null);
    setLoaded(false);
    const load = () =>
      service.client.request('multistream:get', { roomId }).then(
        (got) => {
          if (stopped) return;
          setError(null);
          setLoaded(true);
          setStatus((current) => newerStatus(current, got));
        },
        (err: unknown) => !stopped && setError(problemOf(err)),
      );
    const disposers = [
      service.client.on('multistream:status', (s) => {
        if (s.roomId === roomId) setStatus((current) => newerStatus(current, s));
      }),
      service.client.onReconnected(() => void load()),
    ];
    void load();
    return () => {
      stopped = true;
      disposers.forEach((d) => d());
    };
  }, [service, roomId]);

  const card = restreamCard(status, loaded || error !== null, board);
  const live = card.kind === 'list' ? card.status.destinations.filter((d) => d.state === 'live').length : 0;
  return (
    <section className="card feed" data-testid="room-restream" aria-labelledby="restream-heading">
      <h2 id="restream-heading">
        {t('room.restream.heading')}{' '}
        {card.kind === 'list' && (
          <span className="muted num" data-testid="restream-summary">
            {t('room.restream.summary', { live, total: card.status.destinations.length })}
          </span>
        )}
      </h2>
      {error && <ProblemNote problem={error} testId="restream-error" prefix={t('room.restream.failed')} />}
      {card.kind === 'loading' && <p className="muted">{t('room.restream.loading')}</p>}
      {card.kind === 'none' && !error && <p className="muted">{t('room.restream.none')}</p>}
      {card.kind === 'waiting' && (
        <p className="muted" data-testid="restream-waiting">
          {t('room.restream.waiting', { count: card.total })}
        </p>
      )}
      {card.kind === 'list' && <Destinations status={card.status} />}
    </section>
  );
}

function Destinations({ status }: { status: MultistreamStatus }) {
  const { t, i18n } = useTranslation('dashboard');
  const f = formatters(i18n.language);
  const encoder = status.encoder;
  return (
    <>
      {encoder.state === 'restarting' && <p className="tag-warn">{t('room.restream.encoderRestarting')}</p>}
      {encoder.state === 'error' && (
        <p className="tag-bad" title={encoder.reason ?? undefined}>
          {t('room.restream.encoderError')}
        </p>
      )}
      <ul className="restream-list">
        {status.destinations.map((d) => (
          <li
            key={d.id}
            className={`restream-dest restream-${d.state}`}
            data-testid="restream-destination"
            data-id={d.id}
            data-state={d.state}
          >
            <div>
              <strong>{d.name}</strong>{' '}
              <span className="muted" title={t('room.restream.platform')}>
                {platformName(t, d.platform)}
              </span>{' '}
              <span
                className={STATE_TAG[d.state]}
                data-testid="restream-state"
                title={t('room.restream.state')}
              >
                {destinationState(t, d)}
              </span>
            </div>
            <dl className="restream-facts">
              <dt>{t('room.restream.bitrate')}</dt>
              <dd className="num">
                {d.bitrateKbps === null ? t('room.restream.noBitrate') : f.int(d.bitrateKbps)}
              </dd>
              <dt>{t('room.restream.uptime')}</dt>
              <dd className="num">
                {d.state === 'live' ? formatUptime(d.uptimeMs) : t('room.restream.notLive')}
              </dd>
              <dt>{t('room.restream.reconnects')}</dt>
              <dd className="num">{f.int(d.reconnects)}</dd>
              <dt>{t('room.restream.dropped')}</dt>
              <dd className="num">{f.int(d.droppedFrames)}</dd>
            </dl>
            <div className="muted num">{t('room.restream.since', { time: f.time(d.since) })}</div>
            {d.detail && (
              <div className="muted restream-detail">
                {t('room.restream.detail')}: {d.detail}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
