// Says why a key did nothing: a command pressed while it cannot run shows its reason, in words, as a
// disabled button does beside itself. Drawn by the studio shell, so it shows whatever panels are hidden.
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudioServices } from '../services/services-context';
import { keysFor } from './keybindings';

/** Long enough to read a sentence, short enough not to linger over the next thing. */
const NOTICE_MS = 6000;

export function CommandNotice() {
  const { t } = useTranslation('studio');
  const { commands, keybindings } = useStudioServices();
  const refusal = useSyncExternalStore(commands.subscribe, () => commands.refusal());
  useEffect(() => {
    if (!refusal) return;
    const timer = setTimeout(() => commands.dismissRefusal(refusal.seq), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [commands, refusal]);
  return (
    // The live region is always there, so a screen reader announces the reason when it appears.
    <div className="command-notice" role="status" aria-live="polite">
      {refusal && (
        <p
          className="disabled-reason"
          data-testid="command-refused"
          data-command={refusal.id}
          key={refusal.seq}
        >
          {t('commands.refused', {
            command: t(refusal.title),
            keys: keysFor(keybindings, refusal.id) ?? '',
            reason: refusal.reason,
          })}
        </p>
      )}
    </div>
  );
}
