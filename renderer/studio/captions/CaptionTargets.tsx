// The languages to translate into from the start, with how many viewers ask for each (viewers' demand
// adds languages by itself while live). Locked while captions run.
import { useTranslation } from 'react-i18next';
import { CAPTION_LANGUAGES, type CaptionLanguage } from '../../../core/protocol/captions';
import { CAPTION_LANGUAGE_NATIVE_NAMES } from '../../captions/caption-languages';
import { useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';
import { demandEntries } from './captions-format';

export function CaptionTargets({ source, locked }: { source: string; locked: boolean }) {
  const { t } = useTranslation('studio');
  const { captions: captionsSession } = useStudioServices();
  const targets = useStudioStore((s) => s.captions.targets);
  const demand = useStudioStore((s) => s.captions.demand);
  const wanted = demandEntries(demand);
  const toggle = (lang: CaptionLanguage, on: boolean) =>
    captionsSession.setTargets(on ? [...targets, lang] : targets.filter((l) => l !== lang));
  return (
    <fieldset className="captions-targets" disabled={locked}>
      <legend>{t('captions.targets.heading')}</legend>
      <div className="checkbox-row">
        {CAPTION_LANGUAGES.filter((l) => l !== source).map((lang) => (
          <label key={lang} className="checkbox">
            <input
              type="checkbox"
              data-testid={`caption-target-${lang}`}
              checked={targets.includes(lang)}
              onChange={(e) => toggle(lang, e.target.checked)}
            />
            <span lang={lang}>{CAPTION_LANGUAGE_NATIVE_NAMES[lang]}</span>
            {(demand[lang] ?? 0) > 0 && <span className="badge demand-badge">{demand[lang]}</span>}
          </label>
        ))}
      </div>
      <p className="muted" data-testid="caption-demand">
        {wanted.length === 0
          ? t('captions.targets.noDemand')
          : t('captions.targets.demand', {
              list: wanted
                .map(([lang, count]) => t('captions.targets.demandItem', { lang, n: count }))
                .join(t('captions.targets.listSeparator')),
            })}
      </p>
      <p className="muted">{t('captions.targets.hint')}</p>
    </fieldset>
  );
}
