// Notes from operations staff, shown above the workspace until the host dismisses each one (its button, or
// Escape while the note has focus). A note that arrives is announced to screen readers.
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { selectOpsNotes, useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';

export function OpsNotesBanner() {
  const { t, i18n } = useTranslation('studio');
  const { notes: service } = useStudioServices();
  const notes = useStudioStore(selectOpsNotes);
  if (notes.length === 0) return null;
  const time = (at: number) =>
    new Date(at).toLocaleTimeString(i18n.resolvedLanguage ?? i18n.language, {
      hour: '2-digit',
      minute: '2-digit',
    });
  const onKey = (noteId: string) => (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    void service.dismiss(noteId);
  };
  return (
    <section
      className="banner banner-warn ops-notes"
      aria-label={t('opsNotes.heading')}
      data-testid="ops-notes"
    >
      <h2 className="ops-notes-heading">{t('opsNotes.heading')}</h2>
      <ul className="ops-notes-list" aria-live="polite">
        {notes.map((note) => (
          <li
            key={note.id}
            className="ops-note"
            tabIndex={0}
            onKeyDown={onKey(note.id)}
            data-note-id={note.id}
            aria-label={t('opsNotes.note', { from: note.from, time: time(note.at), text: note.text })}
          >
            <span className="ops-note-text">{note.text}</span>{' '}
            <span className="muted ops-note-meta">
              {t('opsNotes.meta', { from: note.from, time: time(note.at) })}
            </span>{' '}
            <button
              type="button"
              onClick={() => void service.dismiss(note.id)}
              title={t('opsNotes.dismissHint')}
            >
              {t('opsNotes.dismiss')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
