// How a room control says why its last request failed, why a row of buttons is disabled for now, and that
// a change it queued has not reached the room yet.
import { useTranslation } from 'react-i18next';
import { useStudioStore } from '../../stores/studio-store';
import type { PendingHostAction } from './pending-actions';

/** Why a control's last request failed, under the control, until it is tried again. */
export function ActionError({
  message,
  hint,
  testId,
}: {
  message: string | null;
  hint?: string;
  testId: string;
}) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {message}
      {hint && <span className="form-error-hint">{hint}</span>}
    </p>
  );
}

/** The one line that says why a row of buttons (pin, refund, moderation) is disabled for now. */
export function RowReason({ id, reason, testId }: { id: string; reason: string | null; testId: string }) {
  if (!reason) return null;
  return (
    <p id={id} className="disabled-reason" data-testid={testId}>
      {reason}
    </p>
  );
}

/**
 * A host action still in the outbox, beside what it acts on: queued while the backend is out of reach,
 * sending while it is not, sent until the room shows the change.
 */
export function PendingBadge({ pending }: { pending: PendingHostAction | undefined }) {
  const { t } = useTranslation('studio');
  const online = useStudioStore((s) => s.room.outbox?.online ?? true);
  if (!pending) return null;
  const state = pending.state === 'sent' ? 'sent' : online ? 'sending' : 'queued';
  return (
    <span
      className={state === 'queued' ? 'badge badge-queued' : 'badge'}
      role="status"
      data-testid="pending-action"
      data-action={pending.action}
      data-state={state}
    >
      {t('room.pending.line', {
        action: t(`room.pending.action.${pending.action}`),
        state: t(`room.pending.state.${state}`),
      })}
    </span>
  );
}
