// A private note to the room's host (shown in the studio until dismissed), and the notes sent so far with
// whether the host dismissed them.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonedButton } from '../shared/ReasonedButton';
import { newKey } from '../shared/format';
import { useDashboardStore, type Problem } from './dashboard-store';
import { ProblemNote } from '../shared/ProblemNote';
import { problemOf } from './feed-helpers';
import { formatters } from '../shared/formatters';
import { useActionReason, useService } from './service-context';

export function NotesPanel({ roomId }: { roomId: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const f = formatters(i18n.language);
  const service = useService();
  const notes = useDashboardStore((s) => s.room?.notes ?? []);
  const [text, setText] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  // One id per note being sent: a retry after a lost answer is the same note.
  const clientId = useRef<string | null>(null);
  const busy = useActionReason(pending);
  const reason = busy ?? (text.trim() === '' ? t('reason.empty') : null);
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (reason) return;
    clientId.current ??= newKey();
    setPending(true);
    service
      .sendNote(roomId, text.trim(), clientId.current)
      .then(
        () => {
          clientId.current = null;
          setText('');
          setError(null);
        },
        (err: unknown) => setError(problemOf(err)),
      )
      .finally(() => setPending(false));
  };
  return (
    <section className="card" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{t('notes.heading')}</h2>
      <form className="comment-form" onSubmit={send}>
        <input
          data-testid="note-input"
          value={text}
          maxLength={500}
          placeholder={t('notes.placeholder')}
          aria-label={t('notes.placeholder')}
          onChange={(e) => {
            setText(e.target.value);
            clientId.current = null;
          }}
        />
        <ReasonedButton type="submit" className="primary" testId="note-send" reason={reason}>
          {t('notes.send')}
        </ReasonedButton>
      </form>
      {error && <ProblemNote problem={error} testId="note-error" prefix={t('notes.failed')} />}
      {notes.length === 0 ? (
        <p className="muted">{t('notes.empty')}</p>
      ) : (
        <ul className="note-list" data-testid="note-list">
          {[...notes].reverse().map((n) => (
            <li key={n.id} data-testid="note-item" data-dismissed={n.dismissed}>
              <span>{n.text}</span>{' '}
              <span className="muted">{t('notes.from', { from: n.from, at: f.time(n.at) })}</span>{' '}
              <span className={n.dismissed ? 'muted' : 'tag-ok'}>
                {n.dismissed ? t('notes.dismissed') : t('notes.showing')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
