// Live AI captions on the viewer page: a layer over the video (a dark translucent box, at most two lines:
// the newest final line and the one being spoken) that always carries the "AI-generated captions" label,
// and the language picker (Off or a caption language, each named in itself). C turns captions off and on.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CAPTION_LANGUAGES, type CaptionLanguage } from '../../core/protocol/captions';
import {
  CAPTION_LANGUAGE_NATIVE_NAMES,
  isCaptionLanguage,
  preferredCaptionLanguage,
} from '../captions/caption-languages';
import { nextExpiry, visibleLines } from '../captions/caption-lines';
import { CaptionText } from '../captions/CaptionText';
import { useViewerStore } from '../stores/viewer-store';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement ||
  (target instanceof HTMLElement && target.isContentEditable);

export function CaptionLayer() {
  const { t } = useTranslation('viewer');
  const lang = useViewerStore((s) => s.captionLang);
  const lane = useViewerStore((s) => s.captionLane);
  const [tick, setTick] = useState(0);

  // Lines go away a few seconds after they arrived when nothing replaces them: render again then.
  useEffect(() => {
    const expiry = nextExpiry(lane, Date.now());
    if (expiry === null) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(50, expiry - Date.now() + 20));
    return () => clearTimeout(timer);
  }, [lane, tick]);

  if (!lang) return null;
  const lines = visibleLines(lane, Date.now());
  return (
    <div className="caption-layer" data-testid="viewer-captions" data-lang={lang}>
      <span className="caption-ai-label" data-testid="viewer-caption-ai-label">
        {t('captions.aiLabel')}
      </span>
      {lines.length > 0 && (
        <div className="caption-box" data-testid="viewer-caption-text" lang={lang} dir="auto">
          {lines.map((line) => (
            <p
              key={line.id}
              className={line.final ? 'caption-line' : 'caption-line caption-partial'}
              data-final={line.final}
            >
              <CaptionText text={line.text} terms={line.terms} />
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

export function CaptionPicker({ onChange }: { onChange: (lang: CaptionLanguage | null) => void }) {
  const { t } = useTranslation('viewer');
  const lang = useViewerStore((s) => s.captionLang);
  const error = useViewerStore((s) => s.captionError);
  // What C turns back on: the last language read here, else the browser's, else English.
  const lastOn = useRef<CaptionLanguage>(lang ?? preferredCaptionLanguage(navigator.languages ?? []) ?? 'en');
  useEffect(() => {
    if (lang) lastOn.current = lang;
  }, [lang]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey || e.key.toLowerCase() !== 'c') return;
      const current = useViewerStore.getState().captionLang;
      onChange(current ? null : lastOn.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onChange]);

  return (
    <span className="caption-picker">
      <label>
        <span>{t('captions.label')}</span>
        <select
          data-testid="viewer-caption-lang"
          value={lang ?? 'off'}
          title={t('captions.shortcut')}
          onChange={(e) => onChange(isCaptionLanguage(e.target.value) ? e.target.value : null)}
        >
          <option value="off">{t('captions.off')}</option>
          {CAPTION_LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {CAPTION_LANGUAGE_NATIVE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <span className="muted" role="status" data-testid="viewer-caption-error">
          {t('captions.error', { message: error })}
        </span>
      )}
    </span>
  );
}
