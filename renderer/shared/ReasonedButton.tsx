// A button that is never disabled without saying why: while `reason` is set it is disabled, and the reason
// is written beside it (and tied to it for screen readers), or, for rows of buttons that share one reason,
// in the element `reasonId` names.
import { useId, type ButtonHTMLAttributes } from 'react';

interface ReasonedButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  /** Why the button cannot be used now, in words; null when it can. */
  reason: string | null;
  /** The id of an element elsewhere that already shows the reason (no text is added beside the button). */
  reasonId?: string;
  /** data-testid of the button; the reason beside it is `<testId>-reason`. */
  testId?: string;
}

export function ReasonedButton({ reason, reasonId, testId, children, ...props }: ReasonedButtonProps) {
  const ownId = useId();
  const describedBy = reason ? (reasonId ?? ownId) : undefined;
  return (
    <>
      <button
        type="button"
        {...props}
        data-testid={testId}
        disabled={reason !== null}
        aria-describedby={describedBy}
        title={reason ?? props.title}
      >
        {children}
      </button>
      {reason && !reasonId && (
        <span id={ownId} className="disabled-reason" data-testid={testId ? `${testId}-reason` : undefined}>
          {reason}
        </span>
      )}
    </>
  );
}
