// The host's comments panel: every viewer comment with its insight and translation, moderation (through the
// outbox, marked queued until the room applies it), and the host's own comment box. Every text from viewers
// is rendered as a React text node: it can never become markup.
import { useId, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { captionLanguageFor } from '../../../core/protocol/captions';
import {
  INTENT_TAGS,
  SENTIMENT_LABELS,
  type CommentWire,
  type IntentTag,
  type SentimentLabel,
} from '../../../core/protocol/room-events';
import { CommentList } from '../../shared/CommentList';
import { newKey } from '../../shared/format';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { selectRoom, useStudioStore } from '../../stores/studio-store';
import { needsTranslation } from './comment-translations';
import { afterSuccess } from './form-drafts';
import { pendingOn } from './pending-actions';
import { useRoomAction, type RoomAction } from './room-action';
import { useStudioServices } from '../services/services-context';
import { ActionError, PendingBadge, RowReason } from './action-feedback';

function InsightBadges({ comment }: { comment: CommentWire }) {
  const { t } = useTranslation('studio');
  if (!comment.x) return null;
  return (
    <span className="comment-insight" data-testid="comment-insight" data-sentiment={comment.x.s}>
      <span
        className={`sentiment-dot sentiment-${comment.x.s}`}
        role="img"
        title={t(`room.sentiment.${comment.x.s}`)}
        aria-label={t(`room.sentiment.${comment.x.s}`)}
      />
      {comment.x.i.map((tag) => (
        <span key={tag} className="badge intent-badge" data-testid="intent-badge">
          {t(`room.intents.${tag}`)}
        </span>
      ))}
    </span>
  );
}

/**
 * The comment in the host's language, on a line under it: only once a translation exists. While it comes,
 * or when there is none (no translator for that language), nothing is drawn here; the Captions card says
 * once why comments are not translated.
 */
function CommentTranslation({ comment, target }: { comment: CommentWire; target: string }) {
  const { translation: commentTranslator } = useStudioServices();
  useSyncExternalStore(commentTranslator.subscribe, commentTranslator.getVersion);
  const entry = commentTranslator.get(target, comment.id);
  if (entry?.state !== 'done') return null;
  return (
    <span className="comment-translation" data-testid={`comment-translation-${comment.id}`} lang={target}>
      {entry.text}
    </span>
  );
}

/**
 * Delete, mute (or unmute) and ban for one viewer comment, with what is still queued for it, and whether its
 * author is muted or banned now.
 */
function CommentActions(props: {
  comment: CommentWire;
  act: RoomAction;
  reason: string | null;
  reasonId: string;
}) {
  const { t } = useTranslation('studio');
  const { comment: c, act, reason, reasonId } = props;
  const { room } = useStudioServices();
  const { pending, moderation } = useStudioStore(selectRoom);
  const queued =
    pendingOn(pending, ['mod.deleteComment'], c.id) ??
    pendingOn(pending, ['mod.mute', 'mod.unmute', 'mod.ban'], c.a);
  const muted = moderation?.muted.includes(c.a) ?? false;
  const banned = moderation?.banned.includes(c.a) ?? false;
  const button = (label: string, testId: string, onClick: () => Promise<unknown>) => (
    <ReasonedButton testId={testId} reason={reason} reasonId={reasonId} onClick={() => void act.run(onClick)}>
      {label}
    </ReasonedButton>
  );
  return (
    <span className="comment-actions">
      {banned && <span className="badge">{t('room.comments.banned')}</span>}
      {muted && !banned && <span className="badge">{t('room.comments.muted')}</span>}
      <PendingBadge pending={queued} />
      {button(t('room.comments.delete'), 'delete-comment', () =>
        room.queue({ action: 'mod.deleteComment', commentId: c.id }),
      )}
      {muted
        ? button(t('room.comments.unmute'), 'unmute-author', () =>
            room.queue({ action: 'mod.unmute', userId: c.a }),
          )
        : button(t('room.comments.mute'), 'mute-author', () =>
            room.queue({ action: 'mod.mute', userId: c.a }),
          )}
      {!banned &&
        button(t('room.comments.ban'), 'ban-author', () => room.queue({ action: 'mod.ban', userId: c.a }))}
    </span>
  );
}

/** One comment filter: "All" or one of `options`, labelled from `<labels>.<option>`. */
function FilterSelect<T extends string>(props: {
  name: 'intent' | 'sentiment';
  options: readonly T[];
  labels: string;
  value: T | '';
  onChange: (value: T | '') => void;
}) {
  const { t } = useTranslation('studio');
  return (
    <label>
      <span>{t(`room.filter.${props.name}`)}</span>
      <select
        data-testid={`filter-${props.name}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T | '')}
      >
        <option value="">{t('room.filter.all')}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {t(`${props.labels}.${o}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CommentsPanel() {
  const { t, i18n } = useTranslation('studio');
  const { comments: all, shed } = useStudioStore(selectRoom);
  const spoken = useStudioStore((s) => s.captions.settings?.sourceLang ?? null);
  // Translations go into the interface language; comments in it or in the spoken language need none.
  const target = captionLanguageFor(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
  const readerLanguages = spoken ? [target, spoken] : [target];
  const sending = useRoomAction();
  const moderating = useRoomAction();
  const modReasonId = useId();
  const [text, setText] = useState('');
  const [intent, setIntent] = useState<IntentTag | ''>('');
  const [sentiment, setSentiment] = useState<SentimentLabel | ''>('');
  const comments =
    intent || sentiment
      ? all.filter((c) => (!intent || c.x?.i.includes(intent)) && (!sentiment || c.x?.s === sentiment))
      : all;
  const sendReason = sending.busy
    ? t('room.comments.sending')
    : !text.trim()
      ? t('room.comments.needText')
      : null;
  const send = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (sendReason || !body) return;
    const sent = text;
    // The text stays in the box until the backend took it; what was typed meanwhile is kept.
    // The host's own words are live talk, not a change to the room: sent now, over the live connection.
    void sending
      .run(({ client, roomId }) => client.request('comment:send', { roomId, text: body, clientId: newKey() }))
      .then((ok) => ok && setText((now) => afterSuccess(now, sent, '')));
  };
  const modReason = moderating.busy ? t('room.comments.moderating') : null;
  return (
    <div className="comments-card">
      {shed > 0 && <p className="muted">{t('room.comments.shed', { count: shed })}</p>}
      <div className="controls comment-filters">
        <FilterSelect
          name="intent"
          options={INTENT_TAGS}
          labels="room.intents"
          value={intent}
          onChange={setIntent}
        />
        <FilterSelect
          name="sentiment"
          options={SENTIMENT_LABELS}
          labels="room.sentiment"
          value={sentiment}
          onChange={setSentiment}
        />
      </div>
      <RowReason id={modReasonId} reason={modReason} testId="moderation-busy" />
      <ActionError
        message={moderating.error && t('room.comments.moderationFailed', { message: moderating.error })}
        testId="moderation-error"
      />
      <CommentList
        comments={comments}
        badges={(c) => <InsightBadges comment={c} />}
        below={(c) =>
          needsTranslation(c, readerLanguages) ? <CommentTranslation comment={c} target={target} /> : null
        }
        hostLabel={t('room.comments.host')}
        listTestId="studio-comments"
        itemTestId="studio-comment"
        empty={t('room.comments.empty')}
        actions={(c) =>
          c.k === 'v' && (
            <CommentActions comment={c} act={moderating} reason={modReason} reasonId={modReasonId} />
          )
        }
      />
      <form className="comment-form" onSubmit={send}>
        <input
          data-testid="studio-comment-input"
          value={text}
          maxLength={200}
          placeholder={t('room.comments.placeholder')}
          aria-label={t('room.comments.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <ReasonedButton type="submit" testId="studio-comment-send" reason={sendReason}>
          {t('room.comments.send')}
        </ReasonedButton>
      </form>
      <ActionError
        message={sending.error && t('room.comments.sendFailed', { message: sending.error })}
        hint={t('room.comments.keptHint')}
        testId="comment-send-error"
      />
      <ModerationForm />
    </div>
  );
}

function ModerationForm() {
  const { t } = useTranslation('studio');
  const { pending } = useStudioStore(selectRoom);
  const { room } = useStudioServices();
  const applying = useRoomAction();
  const [slow, setSlow] = useState('0');
  const [words, setWords] = useState('');
  return (
    <form
      className="controls"
      onSubmit={(e) => {
        e.preventDefault();
        if (applying.busy) return;
        const list = words
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean);
        // The fields keep what the host typed: they are the room's rules as the host set them.
        void applying.run(async () => {
          await room.queue({
            action: 'mod.slowMode',
            seconds: Math.max(0, Math.min(600, Number(slow) || 0)),
          });
          if (list.length) await room.queue({ action: 'mod.blockWords', words: list });
        });
      }}
    >
      <label>
        <span>{t('room.moderation.slowMode')}</span>
        <input type="number" min={0} max={600} value={slow} onChange={(e) => setSlow(e.target.value)} />
      </label>
      <label>
        <span>{t('room.moderation.blockWords')}</span>
        <input value={words} onChange={(e) => setWords(e.target.value)} />
      </label>
      <span className="form-submit">
        <ReasonedButton
          type="submit"
          testId="moderation-apply"
          reason={applying.busy ? t('room.moderation.applying') : null}
        >
          {t('room.moderation.apply')}
        </ReasonedButton>
      </span>
      <PendingBadge
        pending={pendingOn(pending, ['mod.slowMode', 'mod.blockWords', 'mod.unblockWords'], null)}
      />
      <ActionError
        message={applying.error && t('room.moderation.failed', { message: applying.error })}
        testId="moderation-apply-error"
      />
    </form>
  );
}
