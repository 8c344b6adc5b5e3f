// One live room's tile. Memoized and subscribed to its own room only: a tile whose room did not change is
// not rendered again when 199 others update. Time live is written by the board's one ticker (data-since).
import { memo, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardTile as Tile } from '../../core/protocol/analytics-events';
import { formatDuration } from './board-model';
import { useDashboardStore } from './dashboard-store';
import { formatters } from '../shared/formatters';
import { formatMoneyMap } from '../shared/money';
import { Sparkline } from './Sparkline';

interface BoardTileProps {
  roomId: string;
  focused: boolean;
  onOpen(roomId: string): void;
  onKey(e: KeyboardEvent<HTMLElement>, roomId: string): void;
}

export const BoardTile = memo(function BoardTile({ roomId, focused, onOpen, onKey }: BoardTileProps) {
  const tile = useDashboardStore((s) => s.tiles[roomId]);
  if (!tile) return null;
  return <TileBody tile={tile} focused={focused} onOpen={onOpen} onKey={onKey} />;
});

function moodClass(mood: number | null): string {
  if (mood === null) return 'mood-none';
  return mood < -0.2 ? 'mood-neg' : mood > 0.2 ? 'mood-pos' : 'mood-neu';
}

const TileBody = memo(function TileBody({
  tile,
  focused,
  onOpen,
  onKey,
}: Omit<BoardTileProps, 'roomId'> & { tile: Tile }) {
  const { t, i18n } = useTranslation('dashboard');
  const f = formatters(i18n.language);
  const health = tile.health;
  // A tile from a backend before compliance counts has none.
  const violations = tile.violations ?? 0;
  // Null: no restream in this room (or a backend before restream counts).
  const restream = tile.restream ?? null;
  return (
    <article
      className={`tile${tile.openAlerts > 0 ? ' tile-alert' : ''}`}
      data-testid="board-tile"
      data-room-id={tile.roomId}
      data-online={tile.online}
      data-alerts={tile.openAlerts}
      data-violations={violations}
      tabIndex={focused ? 0 : -1}
      aria-label={t('tile.open', { title: tile.title })}
      onClick={() => onOpen(tile.roomId)}
      onKeyDown={(e) => onKey(e, tile.roomId)}
    >
      <header className="tile-head">
        <h3 className="tile-title" data-testid="tile-title" title={tile.title}>
          {tile.title}
        </h3>
        <span className={`tile-alerts${tile.openAlerts > 0 ? ' has-alerts' : ''}`} data-testid="tile-alerts">
          {tile.openAlerts > 0 ? t('tile.alerts', { count: tile.openAlerts }) : t('tile.noAlerts')}
        </span>
      </header>
      <div className="tile-sub muted">
        <span>{t('tile.host', { host: tile.host })}</span>
        <span className="num" data-since={tile.liveSince ?? ''}>
          {tile.liveSince === null ? t('tile.notLive') : formatDuration(Date.now() - tile.liveSince)}
        </span>
      </div>
      <div className="tile-online">
        <span className="tile-label">{t('tile.online')}</span>
        <strong className="num tile-big" data-testid="tile-online">
          {f.int(tile.online)}
        </strong>
        <Sparkline values={tile.onlineTrend} label={t('tile.trend')} />
      </div>
      <dl className="tile-facts">
        <dt>{t('tile.gmv')}</dt>
        <dd className="num" data-testid="tile-gmv" data-value={JSON.stringify(tile.gmvPlaced)}>
          {formatMoneyMap(tile.gmvPlaced, i18n.language)}
        </dd>
        <dt>{t('tile.gpm')}</dt>
        <dd className="num">{formatMoneyMap(tile.gpm, i18n.language)}</dd>
        <dt>{t('tile.conversion')}</dt>
        <dd className="num">{f.percent(tile.conversion)}</dd>
        <dt>{t('tile.mood')}</dt>
        <dd>
          <span
            className={`gauge ${moodClass(tile.mood)}`}
            role="meter"
            aria-valuemin={-1}
            aria-valuemax={1}
            aria-valuenow={tile.mood ?? 0}
            aria-label={
              tile.mood === null ? t('tile.moodNone') : t('tile.moodValue', { score: f.decimal(tile.mood) })
            }
          >
            <span className="gauge-fill" style={{ transform: `scaleX(${((tile.mood ?? 0) + 1) / 2})` }} />
          </span>
          <span className="num">{tile.mood === null ? t('tile.moodNone') : f.decimal(tile.mood)}</span>
        </dd>
        <dt>{t('tile.languages')}</dt>
        <dd>
          {tile.languages.length === 0
            ? t('tile.none')
            : tile.languages.map((l) => `${l.lang} ${f.int(l.online)}`).join(' · ')}
        </dd>
        <dt>{t('tile.violations')}</dt>
        <dd
          className={`num${violations > 0 ? ' has-violations' : ''}`}
          data-testid="tile-violations"
          title={violations > 0 ? t('tile.violationsTitle', { count: violations }) : undefined}
        >
          {f.int(violations)}
        </dd>
        {restream && (
          <>
            <dt>{t('tile.restream')}</dt>
            <dd
              className={`num${restream.trouble > 0 ? ' restream-trouble' : ''}`}
              data-testid="tile-restream"
              data-live={restream.live}
              data-total={restream.total}
              data-trouble={restream.trouble}
              title={t('tile.restreamTitle', {
                live: restream.live,
                total: restream.total,
                trouble: restream.trouble,
              })}
            >
              {t('tile.restreamLive', { live: f.int(restream.live), total: f.int(restream.total) })}
              {restream.trouble > 0 && ` · ${t('tile.restreamTrouble', { count: restream.trouble })}`}
            </dd>
          </>
        )}
        <dt>{t('tile.health')}</dt>
        <dd
          className={health === null ? '' : health.poor ? 'health-poor' : 'health-ok'}
          data-testid="tile-health"
        >
          {health === null
            ? t('tile.healthNone')
            : `${health.poor ? t('tile.healthPoor') : t('tile.healthOk')} · ${t('tile.healthDetail', {
                kbps: f.int(health.videoKbps),
                fps: f.int(health.fps),
                loss: f.decimal(health.lossPct),
              })}`}
        </dd>
      </dl>
    </article>
  );
});
