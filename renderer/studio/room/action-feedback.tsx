// How a room control says why its last request failed, and why a row of buttons is disabled for now.

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
