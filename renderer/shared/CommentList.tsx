// The one place comments are drawn, for the studio and the viewer page. Author and text are React text
// nodes: whatever a viewer typed stays text.
import type { ReactNode } from 'react';
import type { CommentWire } from '../../core/protocol/room-events';

interface CommentListProps {
  comments: CommentWire[];
  hostLabel: string;
  /** data-testids of the list and of each comment. */
  listTestId: string;
  itemTestId: string;
  empty?: string;
  actions?: (comment: CommentWire) => ReactNode;
  /** Drawn after the text, e.g. the studio's sentiment and intent tags. */
  badges?: (comment: CommentWire) => ReactNode;
  /** Drawn on a line of its own under the comment, e.g. the studio's translation. */
  below?: (comment: CommentWire) => ReactNode;
}

export function CommentList({
  comments,
  hostLabel,
  listTestId,
  itemTestId,
  empty,
  actions,
  badges,
  below,
}: CommentListProps) {
  return (
    <ol className="comment-list" data-testid={listTestId} aria-live="polite">
      {comments.length === 0 && empty && <li className="muted">{empty}</li>}
      {comments.map((c) => (
        <li key={c.id} className={c.k === 'h' ? 'comment comment-host' : 'comment'} data-testid={itemTestId}>
          <span className="comment-author">{c.k === 'h' ? hostLabel : c.n}</span>
          <span className="comment-text" data-testid="comment-text">
            {c.text}
          </span>
          {badges?.(c)}
          {actions?.(c)}
          {below?.(c)}
        </li>
      ))}
    </ol>
  );
}
