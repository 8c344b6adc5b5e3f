// The room's comment feed with ops moderation (delete, mute, ban through 'mod:action') and its alert feed
// with Acknowledge. Every button is disabled with its reason while offline or while its request is out.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../core/protocol/analytics-events';
import type { CommentWire, ModerationInput } from '../../core/protocol/room-events';
import { CommentList } from '../shared/CommentList';
import { ReasonedButton } from '../shared/ReasonedButton';
import { describeAlert } from './alert-detail';
import { useDashboardStore, type Problem } from './dashboard-store';
import { ProblemNote } from '../shared/ProblemNote';
import { problemOf } from './feed-helpers';
import { formatters } from '../shared/formatters';
import { useActionReason, useService } from './service-context';

/** Which request is out, by a key such as `ban:<handle>`, and the last failure. */
function usePending() {
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<Problem | null>(null);
  const run = (key: string, task: () => Promise<unknown>) => {
    setPending((p) => new Set(p).add(key));
    setError(null);
    task()
      .catch((e: unknown) => setError(problemOf(e)))
      .finally(() =>
        setPending((p) => {
          const next = new Set(p);
          next.delete(key);
          return next;
        }),
      );
  };
  return { pending, error, run };
}

function CommentActions({
  comment,
  roomId,
  pending,
  run,
}: {
  comment: CommentWire;
  roomId: string;
  pending: ReadonlySet<string>;
  run: (key: string, task: () => Promise<unknown>) => void;
}) {
  const { t } = useTranslation('dashboard');
  const service = useService();
  const offline = useActionReason(false);
  if (comment.k === 'h') return null;
  const act = (key: string, input: ModerationInput) => run(key, () => service.moderate(input));
  const reason = (key: string) => offline ?? (pending.has(key) ? t('reason.pending') : null);
  return (
    <span className="comment-actions">
      <ReasonedButton
        testId="comment-delete"
        reason={reason(`del:${comment.id}`)}
        onClick={() => act(`del:${comment.id}`, { roomId, action: 'deleteComment', commentId: comment.id })}
      >
        {t('comments.delete')}
      </ReasonedButton>
      <ReasonedButton
        testId="comment-mute"
        reason={reason(`mute:${comment.a}`)}
        onClick={() => act(`mute:${comment.a}`, { roomId, action: 'mute', userId: comment.a })}
      >
        {t('comments.mute')}
      </ReasonedButton>
      <ReasonedButton
        testId="comment-ban"
        className="danger"
        reason={reason(`ban:${comment.a}`)}
        onClick={() => {
          if (window.confirm(t('comments.confirmBan', { name: comment.n })))
            act(`ban:${comment.a}`, { roomId, action: 'ban', userId: comment.a });
        }}
      >
        {t('comments.ban')}
      </ReasonedButton>
    </span>
  );
}

export function CommentFeed({ roomId }: { roomId: string }) {
  const { t } = useTranslation('dashboard');
  const comments = useDashboardStore((s) => s.room?.comments ?? []);
  const { pending, error, run } = usePending();
  return (
    <section className="card feed" aria-labelledby="ops-comments-heading">
      <h2 id="ops-comments-heading">{t('comments.heading')}</h2>
      {error && <ProblemNote problem={error} testId="moderation-error" prefix={t('comments.failed')} />}
      <div className="feed-scroll">
        <CommentList
          comments={[...comments].reverse()}
          hostLabel={t('comments.host')}
          listTestId="ops-comments"
          itemTestId="ops-comment"
          empty={t('comments.empty')}
          actions={(c) => <CommentActions comment={c} roomId={roomId} pending={pending} run={run} />}
        />
      </div>
    </section>
  );
}

export function AlertFeed({ roomId }: { roomId: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const f = formatters(i18n.language);
  const service = useService();
  const all = useDashboardStore((s) => s.alerts);
  const alerts = Object.values(all)
    .filter((a) => a.roomId === roomId)
    .sort((a, b) => b.at - a.at);
  const { pending, error, run } = usePending();
  const offline = useActionReason(false);
  return (
    <section className="card feed" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t('alerts.heading')}</h2>
      {error && <ProblemNote problem={error} testId="ack-error" prefix={t('alerts.failed')} />}
      {alerts.length === 0 && <p className="muted">{t('alerts.empty')}</p>}
      <ul className="alert-list" data-testid="alert-feed">
        {alerts.map((a: Alert) => (
          <li
            key={a.id}
            className={a.open ? 'alert alert-open' : 'alert'}
            data-testid="alert-item"
            data-kind={a.kind}
          >
            <strong>{t(`alerts.kind.${a.kind}`)}</strong> <span className="muted num">{f.time(a.at)}</span>{' '}
            <span className={a.open ? 'tag-bad' : 'muted'}>
              {a.open ? t('alerts.open') : t('alerts.cleared')}
            </span>
            <span className="muted alert-detail" data-testid="alert-detail">
              {describeAlert(a, t, i18n.language)}
            </span>
            {a.acknowledged ? (
              <span className="muted" data-testid="alert-acked">
                {t('alerts.acked', { by: a.acknowledged.by, at: f.time(a.acknowledged.at) })}
              </span>
            ) : (
              <ReasonedButton
                testId="alert-ack"
                reason={offline ?? (pending.has(a.id) ? t('reason.pending') : null)}
                onClick={() => run(a.id, () => service.ackAlert(a.roomId, a.id))}
              >
                {t('alerts.ack')}
              </ReasonedButton>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
