// The comments as they came, synced to the playhead: the ones around it from the comment cache (the same one
// the danmaku layer replays), the latest one at the playhead highlighted and kept in view, each tinted by
// its sentiment; a click seeks. Comment text is user text: text, never markup.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemNote } from '../shared/ProblemNote';
import { useReplay } from './replay-context';
import { useReplayStore } from './replay-store';
import { clockLabel } from './timeline-data';
import { keepInView } from './TranscriptPanel';

/** Comments listed on each side of the playhead. */
const AROUND = 60;

export function CommentsPanel() {
  const { t } = useTranslation('replay');
  const { service } = useReplay();
  useReplayStore((s) => s.commentsVersion);
  const error = useReplayStore((s) => s.commentsError);
  // The comment index, not the time: the list is drawn again only when the current comment changes.
  const at = useReplayStore((s) => service.comments.indexAt(s.currentMs));
  const all = service.comments.comments;
  const from = Math.max(0, at - AROUND);
  const shown = all.slice(from, Math.min(all.length, at + 1 + AROUND));
  const current = at >= 0 ? all[at]!.id : null;
  const box = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const el = current ? box.current?.querySelector<HTMLElement>('[aria-current="true"]') : null;
    if (box.current && el) keepInView(box.current, el);
  }, [current]);

  return (
    <section className="card panel comments-panel" aria-labelledby="comments-heading">
      <div className="panel-head">
        <h3 id="comments-heading">{t('comments.heading')}</h3>
      </div>
      {error && <ProblemNote ns="replay" problem={error} testId="comments-error" />}
      {shown.length === 0 ? (
        <p className="muted" data-testid="comments-none">
          {t('comments.none')}
        </p>
      ) : (
        <ol className="panel-scroll comment-lines" ref={box}>
          {shown.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`line sentiment-${c.sentiment ?? 'none'}${c.id === current ? ' line-current' : ''}`}
                data-testid="comment-row"
                data-t={c.t}
                data-sentiment={c.sentiment ?? ''}
                aria-current={c.id === current ? 'true' : undefined}
                onClick={() => void service.player.seek(c.t)}
              >
                <span className="line-time num">{clockLabel(c.t)}</span>
                <span className="comment-handle">{c.handle}</span>
                <span className="line-text">{c.text}</span>
                {c.sentiment && <span className="visually-hidden">{t(`sentiment.${c.sentiment}`)}</span>}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
