// The exports (ticketed links the backend hands out on request): per-minute metrics and segments as CSV, every
// event as JSON, and each caption language as WebVTT and SRT (the files say they are AI-generated).
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_KINDS } from '../../core/protocol/replay';
import { ProblemNote } from '../shared/ProblemNote';
import { useReplay } from './replay-context';
import { useReplayStore } from './replay-store';

export function ExportsMenu() {
  const { t } = useTranslation('replay');
  const { service } = useReplay();
  const exports = useReplayStore((s) => s.exports);
  const menu = useRef<HTMLDetailsElement>(null);
  return (
    <details
      className="exports-menu"
      ref={menu}
      data-testid="exports-menu"
      onToggle={() => {
        if (menu.current?.open) void service.loadExports();
      }}
    >
      <summary>{t('exports.open')}</summary>
      <div className="card exports-popup">
        {exports.status === 'error' ? (
          <ProblemNote
            ns="replay"
            problem={exports.error}
            testId="exports-error"
            onRetry={() => void service.loadExports()}
          />
        ) : exports.status !== 'ready' ? (
          <p className="muted">{t('exports.loading')}</p>
        ) : (
          <ul className="export-links">
            {EXPORT_KINDS.map((kind) => (
              <li key={kind}>
                <a href={exports.value.files[kind]} download data-testid="export-link" data-kind={kind}>
                  {t(`exports.kind.${kind.replace('.', '_')}`)}
                </a>
              </li>
            ))}
            {Object.entries(exports.value.captions).map(([lang, files]) => (
              <li key={lang}>
                <span>{t('exports.captions', { lang })}</span>{' '}
                <a href={files.vtt} download data-testid="export-link" data-kind={`vtt:${lang}`}>
                  WebVTT
                </a>{' '}
                <a href={files.srt} download data-testid="export-link" data-kind={`srt:${lang}`}>
                  SRT
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
