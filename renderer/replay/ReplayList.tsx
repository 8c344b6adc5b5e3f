// The list of past streams, newest first: date, duration, GMV, peak online, mood, state and whether it was
// recorded. A row opens the stream; "Older streams" pages back in time.
import { useTranslation } from 'react-i18next';
import type { ReplayListItem } from '../../core/protocol/replay';
import { formatters } from '../shared/formatters';
import { formatMoneyMap } from '../shared/money';
import { ProblemNote } from '../shared/ProblemNote';
import { MoodBar } from './MoodBar';
import { useReplay } from './replay-context';
import { useReplayStore } from './replay-store';
import { clockLabel } from './timeline-data';

export function StateBadge({ state }: { state: ReplayListItem['state'] }) {
  const { t } = useTranslation('replay');
  return (
    <span className={`badge state-badge state-${state}`} data-testid="state-badge" data-state={state}>
      {t(`state.${state}`)}
    </span>
  );
}

function Row({ item, onOpen }: { item: ReplayListItem; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation('replay');
  const f = formatters(i18n.language);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <tr
      data-testid="replay-row"
      data-room={item.roomId}
      tabIndex={0}
      className="replay-row"
      onClick={() => onOpen(item.roomId)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen(item.roomId);
      }}
    >
      <td>
        <span className="replay-title">{item.title}</span>
        <span className="muted"> · {date.format(item.liveStartedAt)}</span>
      </td>
      <td className="num">{clockLabel(item.durationMs)}</td>
      <td className="num">{formatMoneyMap(item.gmv, i18n.language)}</td>
      <td className="num">{f.int(item.orders)}</td>
      <td className="num">{f.int(item.peakOnline)}</td>
      <td>
        <MoodBar mood={item.mood} />
      </td>
      <td>
        <StateBadge state={item.state} />
      </td>
      <td>{item.recorded ? t('list.recorded') : <span className="muted">{t('list.notRecorded')}</span>}</td>
    </tr>
  );
}

export function ReplayList({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation('replay');
  const { service } = useReplay();
  const list = useReplayStore((s) => s.list);
  const hasMore = useReplayStore((s) => s.hasMore);
  const loadingMore = useReplayStore((s) => s.loadingMore);
  return (
    <section className="card replay-list" data-testid="replay-list" aria-labelledby="replay-list-heading">
      <h2 id="replay-list-heading">{t('list.heading')}</h2>
      {list.status === 'error' ? (
        <ProblemNote
          ns="replay"
          problem={list.error}
          testId="list-error"
          onRetry={() => void service.loadList()}
        />
      ) : list.status !== 'ready' ? (
        <p className="muted">{t('list.loading')}</p>
      ) : list.value.length === 0 ? (
        <p className="muted" data-testid="list-empty">
          {t('list.empty')}
        </p>
      ) : (
        <div className="table-card">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('list.stream')}</th>
                <th>{t('list.duration')}</th>
                <th>{t('list.gmv')}</th>
                <th>{t('list.orders')}</th>
                <th>{t('list.peakOnline')}</th>
                <th>{t('list.mood')}</th>
                <th>{t('list.state')}</th>
                <th>{t('list.recording')}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.map((item) => (
                <Row key={item.roomId} item={item} onOpen={onOpen} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore && (
        <button
          type="button"
          data-testid="list-more"
          disabled={loadingMore}
          onClick={() => void service.loadList(true)}
        >
          {loadingMore ? t('list.loadingMore') : t('list.more')}
        </button>
      )}
    </section>
  );
}
