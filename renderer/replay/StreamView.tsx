// One stream's workspace: its header (figures, exports, search), the state banner, the video over the
// timeline, and the panels (transcript, comments, product segments, search hits, highlights, compliance
// flags) in one grid
// that never scrolls the window; each panel scrolls inside itself.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayDetail } from '../../core/protocol/replay';
import { formatters } from '../shared/formatters';
import { formatMoneyMap } from '../shared/money';
import { ProblemNote } from '../shared/ProblemNote';
import { CommentsPanel } from './CommentsPanel';
import { ExportsMenu } from './ExportsMenu';
import { HighlightsPanel } from './HighlightsPanel';
import { useReplay } from './replay-context';
import { useReplayStore } from './replay-store';
import { StateBadge } from './ReplayList';
import { SearchBox, SearchHits } from './SearchPanel';
import { SegmentsTable } from './SegmentsTable';
import { StateBanner } from './StateBanner';
import { clockLabel } from './timeline-data';
import { Timeline } from './Timeline';
import { TranscriptPanel } from './TranscriptPanel';
import { VideoPane } from './VideoPane';
import { ViolationsPanel } from './ViolationsPanel';

/** The comment cache follows the playhead in steps of this (each step may load the next window). */
const FOLLOW_STEP_MS = 5000;

function Figures({ detail }: { detail: ReplayDetail }) {
  const { t, i18n } = useTranslation('replay');
  const f = formatters(i18n.language);
  const item = detail.item;
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <dl className="stream-figures">
      <div>
        <dt>{t('figures.started')}</dt>
        <dd>{date.format(item.liveStartedAt)}</dd>
      </div>
      <div>
        <dt>{t('figures.duration')}</dt>
        <dd className="num">{clockLabel(item.durationMs)}</dd>
      </div>
      <div>
        <dt>{t('figures.gmv')}</dt>
        <dd className="num" data-testid="figure-gmv">
          {formatMoneyMap(item.gmv, i18n.language)}
        </dd>
      </div>
      <div>
        <dt>{t('figures.orders')}</dt>
        <dd className="num">{f.int(item.orders)}</dd>
      </div>
      <div>
        <dt>{t('figures.peakOnline')}</dt>
        <dd className="num">{f.int(item.peakOnline)}</dd>
      </div>
      <div>
        <dt>{t('figures.comments')}</dt>
        <dd className="num">{f.int(item.comments)}</dd>
      </div>
    </dl>
  );
}

export function StreamView({ roomId, onBack }: { roomId: string; onBack(): void }) {
  // The charts' labels are set when they are made: a new language makes them again.
  const { t, i18n } = useTranslation('replay');
  const { service } = useReplay();
  const detail = useReplayStore((s) => s.detail);
  const replayState = useReplayStore((s) => s.replayState);
  const step = useReplayStore((s) => Math.floor(s.currentMs / FOLLOW_STEP_MS));

  useEffect(() => {
    service.followPlayhead(step * FOLLOW_STEP_MS);
  }, [service, step, detail.status]);

  return (
    <section
      className="stream-view"
      data-testid="stream-view"
      data-room={roomId}
      aria-labelledby="stream-title"
    >
      <header className="stream-head">
        <button type="button" data-testid="back" onClick={onBack}>
          {t('stream.back')}
        </button>
        <h2 id="stream-title">{detail.status === 'ready' ? detail.value.item.title : t('stream.loading')}</h2>
        {replayState && <StateBadge state={replayState} />}
        {detail.status === 'ready' && <Figures detail={detail.value} />}
        <span className="stream-head-end">
          <SearchBox />
          <ExportsMenu />
        </span>
      </header>
      {detail.status === 'error' ? (
        <ProblemNote ns="replay" problem={detail.error} testId="detail-error" />
      ) : detail.status !== 'ready' ? (
        <p className="muted">{t('stream.loading')}</p>
      ) : (
        <>
          <StateBanner detail={detail.value} />
          <div className="stream-grid">
            <div className="area-video">
              <VideoPane detail={detail.value} />
            </div>
            <div className="area-timeline">
              <Timeline key={i18n.language} detail={detail.value} />
            </div>
            <div className="area-transcript">
              <TranscriptPanel detail={detail.value} />
            </div>
            <div className="area-comments">
              <CommentsPanel />
            </div>
            <div className="area-segments">
              <SegmentsTable detail={detail.value} />
            </div>
            <div className="area-side">
              <SearchHits />
              <HighlightsPanel detail={detail.value} />
              <ViolationsPanel detail={detail.value} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
