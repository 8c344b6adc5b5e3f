// The keyboard shortcuts, in a dialog opened with ? and closed with Escape.
import { Fragment, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export const SHORTCUTS = [
  ['← ↑ → ↓', 'arrows'],
  ['Enter', 'enter'],
  ['Esc', 'escape'],
  ['A', 'alerts'],
  ['S', 'sort'],
  ['?', 'help'],
  ['Alt+L', 'language'],
] as const;

export function HelpOverlay({ onClose }: { onClose(): void }) {
  const { t } = useTranslation('dashboard');
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <div className="help-backdrop" onClick={onClose}>
      <div
        className="card help-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-heading"
        data-testid="help-overlay"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="help-heading">{t('help.heading')}</h2>
        <dl className="facts">
          {SHORTCUTS.map(([keys, what]) => (
            <Fragment key={what}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{t(`help.${what}`)}</dd>
            </Fragment>
          ))}
        </dl>
        <button type="button" ref={close} onClick={onClose}>
          {t('help.close')}
        </button>
      </div>
    </div>
  );
}
