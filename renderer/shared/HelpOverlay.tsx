// A page's keyboard shortcuts, in a dialog opened with ? and closed with Escape (the ops dashboard, the
// replay page). Each page lists its keys; their descriptions are `help.<name>` in the page's namespace.
import { Fragment, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** [keys as printed, the name of its description]. */
export type Shortcut = readonly [keys: string, name: string];

export function HelpOverlay({
  ns,
  shortcuts,
  onClose,
}: {
  ns: 'dashboard' | 'replay';
  shortcuts: readonly Shortcut[];
  onClose(): void;
}) {
  const { t } = useTranslation(ns);
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
          {shortcuts.map(([keys, what]) => (
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
