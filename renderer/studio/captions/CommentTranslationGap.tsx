// Said once in the Captions card, not under every comment: which viewer comments are not being translated
// into the host's language, and why.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { captionLanguageFor } from '../../../core/protocol/captions';
import { useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';

/** Language names in the interface language ("Spanish", "西班牙语"), joined as a list. */
function languageList(tags: readonly string[], uiLanguage: string): string {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([uiLanguage], { type: 'language' });
  } catch {
    // an engine without display names: the tags themselves
  }
  const named = tags.map((tag) => {
    try {
      // zh-CN is named as the script it is written in: "Simplified Chinese", not "Chinese (China)".
      return names?.of(tag === 'zh-CN' ? 'zh-Hans' : tag) ?? tag;
    } catch {
      return tag;
    }
  });
  try {
    return new Intl.ListFormat([uiLanguage], { type: 'conjunction' }).format(named);
  } catch {
    return named.join(', ');
  }
}

/**
 * Said once here, not under every comment: viewer comments that are not being translated into the host's
 * language, and why (no local model for those languages, the chosen service left them, or its error).
 */
export function CommentTranslationGap() {
  const { t, i18n } = useTranslation('studio');
  const { translation: commentTranslator } = useStudioServices();
  const translator = useStudioStore((s) => s.captions.settings?.translator ?? 'local');
  useSyncExternalStore(commentTranslator.subscribe, commentTranslator.getVersion);
  const ui = i18n.resolvedLanguage ?? i18n.language;
  const target = captionLanguageFor(ui) ?? 'en';
  const gap = commentTranslator.gap(target);
  if (!gap.error && gap.languages.length === 0) return null;
  const values = {
    languages: languageList(gap.languages, ui),
    target: languageList([target], ui),
  };
  return (
    <p
      className="warnings comment-translation-gap"
      role="status"
      data-testid="comment-translation-gap"
      data-languages={gap.languages.join(' ')}
    >
      {gap.error
        ? t('captions.comments.failed', { message: gap.error, target: values.target })
        : translator === 'local'
          ? t('captions.comments.noModel', values)
          : t('captions.comments.notTranslated', values)}
    </p>
  );
}
