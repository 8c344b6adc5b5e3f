// The captions settings: spoken language, recognizer and its model, translator, and the cloud engines'
// addresses, models and keys (a stored key is never shown, only whether one is set). Locked while live.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ASR_MODELS,
  CAPTION_LANGUAGES,
  type CaptionLanguage,
  type CaptionSettings,
  type CaptionSettingsPatch,
} from '../../../core/protocol/captions';
import { CAPTION_LANGUAGE_NATIVE_NAMES, isCaptionLanguage } from '../../captions/caption-languages';
import { useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';

function LanguageSelect(props: {
  testId: string;
  value: string;
  disabled?: boolean;
  onChange: (lang: CaptionLanguage) => void;
}) {
  return (
    <select
      data-testid={props.testId}
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => {
        if (isCaptionLanguage(e.target.value)) props.onChange(e.target.value);
      }}
    >
      {CAPTION_LANGUAGES.map((lang) => (
        <option key={lang} value={lang} lang={lang}>
          {CAPTION_LANGUAGE_NATIVE_NAMES[lang]}
        </option>
      ))}
    </select>
  );
}

/** A key field: never shows the stored key, only whether one is set; empty leaves it as it is. */
function KeyField(props: {
  label: string;
  isSet: boolean;
  value: string;
  testId: string;
  disabled: boolean;
  onChange: (value: string) => void;
  onForget: () => void;
}) {
  const { t } = useTranslation('studio');
  return (
    <label>
      <span>
        {props.label}{' '}
        <span className="muted" data-testid={`${props.testId}-state`}>
          {props.isSet ? t('captions.settings.keySet') : t('captions.settings.keyNotSet')}
        </span>
      </span>
      <span className="key-field">
        <input
          type="password"
          autoComplete="off"
          spellCheck={false}
          data-testid={props.testId}
          value={props.value}
          maxLength={300}
          disabled={props.disabled}
          placeholder={props.isSet ? t('captions.settings.keyKeep') : t('captions.settings.keyEnter')}
          onChange={(e) => props.onChange(e.target.value)}
        />
        {props.isSet && (
          <button type="button" disabled={props.disabled} onClick={props.onForget}>
            {t('captions.settings.keyForget')}
          </button>
        )}
      </span>
    </label>
  );
}

interface Drafts {
  openaiBaseUrl: string;
  openaiTranscribeModel: string;
  openaiChatModel: string;
  openaiKey: string;
  deeplBaseUrl: string;
  deeplKey: string;
}

const draftsFrom = (s: CaptionSettings): Drafts => ({
  openaiBaseUrl: s.openaiBaseUrl,
  openaiTranscribeModel: s.openaiTranscribeModel,
  openaiChatModel: s.openaiChatModel,
  openaiKey: '',
  deeplBaseUrl: s.deeplBaseUrl,
  deeplKey: '',
});

export function CaptionSettingsForm({ settings, locked }: { settings: CaptionSettings; locked: boolean }) {
  const { t } = useTranslation('studio');
  const { captions: captionsSession } = useStudioServices();
  const error = useStudioStore((s) => s.captions.settingsError);
  const [drafts, setDrafts] = useState<Drafts>(() => draftsFrom(settings));
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<Drafts>) => {
    setSaved(false);
    setDrafts((d) => ({ ...d, ...patch }));
  };
  const apply = (patch: CaptionSettingsPatch) => void captionsSession.saveSettings(patch);
  const usesOpenAi = settings.recognizer === 'cloud' || settings.translator === 'cloud-openai';
  const save = (e: FormEvent) => {
    e.preventDefault();
    const patch: CaptionSettingsPatch = {};
    if (usesOpenAi) {
      patch.openaiBaseUrl = drafts.openaiBaseUrl.trim();
      patch.openaiTranscribeModel = drafts.openaiTranscribeModel.trim();
      patch.openaiChatModel = drafts.openaiChatModel.trim();
      if (drafts.openaiKey) patch.openaiKey = drafts.openaiKey;
    }
    if (settings.translator === 'deepl') {
      patch.deeplBaseUrl = drafts.deeplBaseUrl.trim();
      if (drafts.deeplKey) patch.deeplKey = drafts.deeplKey;
    }
    void captionsSession.saveSettings(patch).then((ok) => {
      setSaved(ok);
      if (ok) setDrafts((d) => ({ ...d, openaiKey: '', deeplKey: '' }));
    });
  };
  return (
    <form className="captions-settings" onSubmit={save} data-testid="captions-settings">
      <fieldset disabled={locked}>
        <div className="controls">
          <label>
            <span>{t('captions.settings.spoken')}</span>
            <LanguageSelect
              testId="captions-source-lang"
              value={settings.sourceLang}
              onChange={(sourceLang) => apply({ sourceLang })}
            />
          </label>
          <label>
            <span>{t('captions.settings.recognizer')}</span>
            <select
              data-testid="captions-recognizer"
              value={settings.recognizer}
              onChange={(e) => apply({ recognizer: e.target.value === 'cloud' ? 'cloud' : 'local' })}
            >
              <option value="local">{t('captions.settings.recognizerLocal')}</option>
              <option value="cloud">{t('captions.settings.recognizerCloud')}</option>
            </select>
          </label>
          {settings.recognizer === 'local' && (
            <label>
              <span>{t('captions.settings.asrModel')}</span>
              <select
                data-testid="captions-asr-model"
                value={settings.asrModel}
                onChange={(e) => {
                  const model = ASR_MODELS.find((m) => m === e.target.value);
                  if (model) apply({ asrModel: model });
                }}
              >
                {ASR_MODELS.map((m) => (
                  <option key={m} value={m}>
                    {t(`captions.settings.asrModels.${m}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            <span>{t('captions.settings.translator')}</span>
            <select
              data-testid="captions-translator"
              value={settings.translator}
              onChange={(e) => {
                const v = e.target.value;
                if (v === 'local' || v === 'cloud-openai' || v === 'deepl') apply({ translator: v });
              }}
            >
              <option value="local">{t('captions.settings.translatorLocal')}</option>
              <option value="cloud-openai">{t('captions.settings.translatorOpenAi')}</option>
              <option value="deepl">{t('captions.settings.translatorDeepl')}</option>
            </select>
          </label>
        </div>
        {usesOpenAi && (
          <div className="controls">
            <label>
              <span>{t('captions.settings.openaiBaseUrl')}</span>
              <input
                type="url"
                data-testid="captions-openai-url"
                value={drafts.openaiBaseUrl}
                maxLength={300}
                required
                onChange={(e) => set({ openaiBaseUrl: e.target.value })}
              />
            </label>
            {settings.recognizer === 'cloud' && (
              <label>
                <span>{t('captions.settings.openaiTranscribeModel')}</span>
                <input
                  value={drafts.openaiTranscribeModel}
                  maxLength={80}
                  required
                  onChange={(e) => set({ openaiTranscribeModel: e.target.value })}
                />
              </label>
            )}
            {settings.translator === 'cloud-openai' && (
              <label>
                <span>{t('captions.settings.openaiChatModel')}</span>
                <input
                  value={drafts.openaiChatModel}
                  maxLength={80}
                  required
                  onChange={(e) => set({ openaiChatModel: e.target.value })}
                />
              </label>
            )}
            <KeyField
              label={t('captions.settings.openaiKey')}
              testId="captions-openai-key"
              isSet={settings.openaiKeySet}
              value={drafts.openaiKey}
              disabled={locked}
              onChange={(openaiKey) => set({ openaiKey })}
              onForget={() => apply({ openaiKey: '' })}
            />
          </div>
        )}
        {settings.translator === 'deepl' && (
          <div className="controls">
            <label>
              <span>{t('captions.settings.deeplBaseUrl')}</span>
              <input
                type="url"
                value={drafts.deeplBaseUrl}
                maxLength={300}
                required
                onChange={(e) => set({ deeplBaseUrl: e.target.value })}
              />
            </label>
            <KeyField
              label={t('captions.settings.deeplKey')}
              testId="captions-deepl-key"
              isSet={settings.deeplKeySet}
              value={drafts.deeplKey}
              disabled={locked}
              onChange={(deeplKey) => set({ deeplKey })}
              onForget={() => apply({ deeplKey: '' })}
            />
          </div>
        )}
        {(usesOpenAi || settings.translator === 'deepl') && (
          <div className="buttons">
            <button type="submit" data-testid="captions-save-settings">
              {t('captions.settings.save')}
            </button>
            {saved && <span className="muted">{t('captions.settings.saved')}</span>}
          </div>
        )}
      </fieldset>
      {locked && <p className="muted">{t('captions.settings.locked')}</p>}
      {error && (
        <p className="banner banner-error" role="alert" data-testid="captions-settings-error">
          {t('captions.settings.error', { message: error })}
        </p>
      )}
    </form>
  );
}
