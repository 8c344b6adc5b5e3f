// The studio's Captions card: engines and keys, spoken and target languages (with what viewers ask for),
// Start/Stop (Alt+C), each language's current line with its lag, and the speech models with downloads.
// Everything here is text from the host or the recognizer, rendered as React text nodes.
import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ASR_MODELS,
  CAPTION_LANGUAGES,
  captionLanguageFor,
  type CaptionLanguage,
  type CaptionSettings,
  type CaptionSettingsPatch,
  type ModelStatus,
} from '../../../core/protocol/captions';
import { CAPTION_LANGUAGE_NATIVE_NAMES, isCaptionLanguage } from '../../captions/caption-languages';
import { EMPTY_LANE, visibleLines } from '../../captions/caption-lines';
import { CaptionText } from '../../captions/CaptionText';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { selectCaptions, selectInfo, useStudioStore } from '../../stores/studio-store';
import { commentTranslator } from '../room/room-feed';
import { captionsSession } from './captions-session';
import {
  demandEntries,
  downloadPercent,
  formatBytes,
  lagLevel,
  lagPercent,
  laneOrder,
} from './captions-format';

const STATUS_POLL_MS = 500;
/** The studio keeps a lane's last line up for a minute: the host wants to see what went out. */
const STUDIO_HOLD_MS = 60_000;

const languageName = (lang: string) => (isCaptionLanguage(lang) ? CAPTION_LANGUAGE_NATIVE_NAMES[lang] : lang);

/** True while the element is on screen and the window is not hidden. */
function useVisible(ref: RefObject<HTMLElement | null>): boolean {
  const [onScreen, setOnScreen] = useState(true);
  const [pageVisible, setPageVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const onVisibility = () => setPageVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onVisibility);
    let observer: IntersectionObserver | null = null;
    if (ref.current && typeof IntersectionObserver !== 'undefined') {
      observer = new IntersectionObserver((entries) => setOnScreen(entries.some((e) => e.isIntersecting)));
      observer.observe(ref.current);
    }
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      observer?.disconnect();
    };
  }, [ref]);
  return onScreen && pageVisible;
}

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

function SettingsPanel({ settings, locked }: { settings: CaptionSettings; locked: boolean }) {
  const { t } = useTranslation('studio');
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

function TargetsPanel({ source, locked }: { source: string; locked: boolean }) {
  const { t } = useTranslation('studio');
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
          : t('captions.targets.demand', { list: wanted.map(([lang, n]) => `${lang} ${n}`).join(', ') })}
      </p>
      <p className="muted">{t('captions.targets.hint')}</p>
    </fieldset>
  );
}

function LagBar({ ms }: { ms: number | null }) {
  const { t } = useTranslation('studio');
  if (ms === null) return <span className="muted lag-value">{t('captions.lag.none')}</span>;
  const level = lagLevel(ms);
  return (
    <span className="lag" data-level={level} data-lag-ms={Math.round(ms)}>
      <span className="lag-bar" aria-hidden="true">
        <span className={`lag-fill lag-${level}`} style={{ width: `${lagPercent(ms)}%` }} />
      </span>
      <span className="lag-value">{t('captions.lag.ms', { ms: Math.round(ms) })}</span>
    </span>
  );
}

function LanesPanel() {
  const { t } = useTranslation('studio');
  const { status, lanes, targets, settings } = useStudioStore(selectCaptions);
  const source = settings?.sourceLang ?? status?.sourceLang ?? 'en';
  const statusLanes = new Map((status?.lanes ?? []).map((l) => [l.lang, l]));
  const order = laneOrder(source, [
    ...(status?.targets ?? []),
    ...targets,
    ...Object.keys(lanes),
    ...statusLanes.keys(),
  ]);
  const now = Date.now();
  return (
    <div className="caption-lanes">
      <p className="caption-lag" data-testid="caption-lag" data-p50={status?.lagP50Ms ?? ''}>
        {status?.lagP50Ms != null
          ? t('captions.lag.summary', {
              p50: Math.round(status.lagP50Ms),
              p95: Math.round(status.lagP95Ms ?? status.lagP50Ms),
            })
          : t('captions.lag.waiting')}
        {' · '}
        {status?.rtf != null
          ? t(status.rtf < 1 ? 'captions.rtf.keepsUp' : 'captions.rtf.behind', { rtf: status.rtf.toFixed(2) })
          : t('captions.rtf.none')}
      </p>
      <ul className="lane-list">
        {order.map((lang) => {
          const fromEvents = visibleLines(lanes[lang] ?? EMPTY_LANE, now, STUDIO_HOLD_MS);
          const fromStatus = statusLanes.get(lang);
          return (
            <li key={lang} className="lane" data-testid={`caption-lane-${lang}`}>
              <span className="lane-lang" lang={lang}>
                {languageName(lang)}
                {lang === source && <span className="muted"> · {t('captions.lanes.spoken')}</span>}
              </span>
              <span className="lane-text" lang={lang} data-testid={`caption-lane-text-${lang}`}>
                {fromEvents.length > 0 ? (
                  fromEvents.map((line) => (
                    <span
                      key={line.id}
                      className={line.final ? 'caption-line' : 'caption-line caption-partial'}
                      data-final={line.final}
                    >
                      <CaptionText text={line.text} terms={line.terms} />
                    </span>
                  ))
                ) : fromStatus?.text ? (
                  <span
                    className={fromStatus.final ? 'caption-line' : 'caption-line caption-partial'}
                    data-final={fromStatus.final}
                  >
                    {fromStatus.text}
                  </span>
                ) : (
                  <span className="muted">{t('captions.lanes.empty')}</span>
                )}
              </span>
              <LagBar ms={fromStatus?.lagMs ?? null} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

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
function CommentTranslationGap() {
  const { t, i18n } = useTranslation('studio');
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

function ModelRow({ model }: { model: ModelStatus }) {
  const { t } = useTranslation('studio');
  const requestError = useStudioStore((s) => s.captions.downloadErrors[model.id]);
  const busy = model.state === 'downloading' || model.state === 'verifying';
  const percent = downloadPercent(model);
  const stateText =
    model.state === 'downloading'
      ? t('captions.models.state.downloading', { percent })
      : t(`captions.models.state.${model.state}`);
  const size = formatBytes(model.bytes);
  return (
    <li
      className={model.required ? 'model model-required' : 'model'}
      data-testid={`model-row-${model.id}`}
      data-state={model.state}
    >
      <span className="model-line">
        {model.state === 'ready'
          ? t('captions.models.lineReady', { name: model.name, state: stateText, size })
          : t('captions.models.line', { name: model.name, state: stateText, size })}
        {model.required && <span className="badge">{t('captions.models.required')}</span>}
      </span>
      {busy && (
        <progress
          data-testid={`model-progress-${model.id}`}
          max={Math.max(1, model.bytes)}
          value={Math.min(model.downloadedBytes, model.bytes)}
          aria-label={t('captions.models.progress', { name: model.name, percent })}
        />
      )}
      {(model.state === 'missing' || model.state === 'error') && (
        <button
          type="button"
          data-testid={`model-download-${model.id}`}
          onClick={() => void captionsSession.download(model.id)}
        >
          {model.state === 'error' ? t('captions.models.retry') : t('captions.models.download')}
        </button>
      )}
      {(model.error || requestError) && (
        <span className="model-error" role="alert" data-testid={`model-error-${model.id}`}>
          {t('captions.models.error', { message: model.error ?? requestError })}
        </span>
      )}
    </li>
  );
}

function ModelsPanel({ models }: { models: ModelStatus[] }) {
  const { t } = useTranslation('studio');
  return (
    <div className="captions-models">
      <h3>{t('captions.models.heading')}</h3>
      {models.length === 0 ? (
        <p className="muted">{t('captions.models.none')}</p>
      ) : (
        <ul className="model-list" data-testid="model-list">
          {models.map((m) => (
            <ModelRow key={m.id} model={m} />
          ))}
        </ul>
      )}
    </div>
  );
}

export function CaptionsCard() {
  const { t } = useTranslation('studio');
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const info = useStudioStore(selectInfo);
  const { status, settings, capture, error, audio, feedError, statusError, settingsError, targets } =
    useStudioStore(selectCaptions);
  const running = capture !== 'off';
  const busy = capture === 'starting' || capture === 'stopping';

  useEffect(() => {
    captionsSession.loadTargets();
    void captionsSession.loadSettings();
  }, []);

  useEffect(() => {
    if (!visible) return;
    void captionsSession.poll();
    const timer = setInterval(() => void captionsSession.poll(), STATUS_POLL_MS);
    return () => clearInterval(timer);
  }, [visible]);

  const toggle = () => {
    if (!info || busy) return;
    void captionsSession.toggle({ targets: useStudioStore.getState().captions.targets });
  };
  const toggleRef = useRef(toggle);
  useEffect(() => {
    toggleRef.current = toggle;
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyC') {
        e.preventDefault();
        toggleRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const hostState = status?.state ?? 'idle';
  const shownState =
    capture === 'starting'
      ? 'starting'
      : capture === 'on'
        ? hostState
        : capture === 'stopping'
          ? 'stopping'
          : hostState === 'error'
            ? 'error'
            : 'idle';
  const missing = (status?.models ?? []).filter((m) => m.required && m.state !== 'ready');
  const source = settings?.sourceLang ?? status?.sourceLang ?? 'en';

  return (
    <section
      ref={ref}
      className="card captions-card"
      aria-labelledby="captions-heading"
      data-testid="captions-card"
      data-capture={capture}
      data-state={hostState}
    >
      <div className="live-header">
        <h2 id="captions-heading">{t('captions.heading')}</h2>
        <span className="captions-badges">
          {status?.speaking && capture === 'on' && (
            <span className="speaking" data-testid="captions-speaking">
              <span className="dot" aria-hidden="true" />
              {t('captions.speaking')}
            </span>
          )}
          <span className={`phase phase-captions-${shownState}`} data-testid="captions-state">
            {t(`captions.state.${shownState}`)}
          </span>
        </span>
      </div>
      {error && (
        <div className="banner banner-error" role="alert" data-testid="captions-error">
          {t('captions.error', { message: error })}
        </div>
      )}
      {!error && status?.state === 'error' && status.error && (
        <div className="banner banner-error" role="alert" data-testid="captions-host-error">
          {t('captions.hostError', { message: status.error })}
        </div>
      )}
      {missing.length > 0 && (
        <ul className="warnings" data-testid="captions-missing-models">
          {missing.map((m) => (
            <li key={m.id}>
              {m.state === 'downloading' || m.state === 'verifying'
                ? t('captions.missingModelLoading', { name: m.name, size: formatBytes(m.bytes) })
                : t('captions.missingModel', { name: m.name, size: formatBytes(m.bytes) })}
            </li>
          ))}
        </ul>
      )}
      <CommentTranslationGap />
      <div className="buttons">
        <ReasonedButton
          className={running ? 'danger' : 'primary'}
          testId={running ? 'captions-stop' : 'captions-start'}
          reason={!info ? t('captions.hostNotReady') : busy ? t('captions.busyReason') : null}
          onClick={toggle}
        >
          {capture === 'starting'
            ? t('captions.starting')
            : capture === 'stopping'
              ? t('captions.stopping')
              : running
                ? t('captions.stop')
                : t('captions.start')}
        </ReasonedButton>
        <span className="muted">{t('captions.shortcut')}</span>
      </div>
      {!running && targets.length === 0 && <p className="muted">{t('captions.noTargets')}</p>}
      {capture === 'on' && (audio.dropped > 0 || audio.rejected > 0) && (
        <p className="muted" data-testid="captions-audio-dropped" data-dropped={audio.dropped}>
          {t('captions.audioDropped', { dropped: audio.dropped, rejected: audio.rejected })}
        </p>
      )}
      {feedError && <p className="muted">{t('captions.feedError', { message: feedError })}</p>}
      {statusError && (
        <p className="muted" data-testid="captions-status-error">
          {t('captions.statusError', { message: statusError })}
        </p>
      )}
      <LanesPanel />
      <TargetsPanel source={source} locked={running} />
      {settings ? (
        <SettingsPanel settings={settings} locked={running} />
      ) : settingsError ? (
        <p className="muted" role="alert" data-testid="captions-settings-error">
          {t('captions.settings.unavailable', { message: settingsError })}
        </p>
      ) : (
        <p className="muted">{t('captions.settings.loading')}</p>
      )}
      <ModelsPanel models={status?.models ?? []} />
    </section>
  );
}
