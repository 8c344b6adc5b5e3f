// Asks for every viewer comment the host cannot read to be translated into the interface language, as
// comments arrive (and again when the language or the spoken language changes), whether or not the
// Comments panel is on screen: the Captions card's note on untranslated comments depends on it too.
import i18next from 'i18next';
import { captionLanguageFor } from '../../../core/protocol/captions';
import { useStudioStore, type StudioState } from '../../stores/studio-store';
import { needsTranslation, type CommentTranslator } from '../room/comment-translations';

/** The language comments are translated into: the interface language (en when it is not one of ours). */
export const translationTarget = () =>
  captionLanguageFor(i18next.resolvedLanguage ?? i18next.language) ?? 'en';

const spokenOf = (s: StudioState) => s.captions.settings?.sourceLang ?? null;

/** Returns the disposer. */
export function translateComments(translator: CommentTranslator): () => void {
  const request = () => {
    const s = useStudioStore.getState();
    const target = translationTarget();
    const spoken = spokenOf(s);
    // Comments in the interface language or in the spoken language need no translation.
    const readers = spoken ? [target, spoken] : [target];
    const wanted = s.room.comments.filter((c) => needsTranslation(c, readers));
    if (wanted.length > 0) translator.request(target, wanted);
  };
  const offStore = useStudioStore.subscribe((s, prev) => {
    if (s.room.comments !== prev.room.comments || spokenOf(s) !== spokenOf(prev)) request();
  });
  i18next.on('languageChanged', request);
  request();
  return () => {
    offStore();
    i18next.off('languageChanged', request);
  };
}
