// A refused or failed request, in words (the ops dashboard, the replay page; each words the codes in its own
// namespace under `errors`): the translated meaning of its code, then what the backend said
// (as text, never markup), and a retry where one makes sense.
import { useTranslation } from 'react-i18next';
import type { Problem } from './problem';

export function ProblemNote({
  ns = 'dashboard',
  problem,
  testId,
  prefix,
  onRetry,
}: {
  ns?: 'dashboard' | 'replay';
  problem: Problem;
  testId: string;
  /** What failed, e.g. "Could not send:" (the code's meaning follows). */
  prefix?: string | undefined;
  onRetry?: () => void;
}) {
  const { t } = useTranslation(ns);
  return (
    <div className="banner banner-error" role="alert" data-testid={testId} data-code={problem.code}>
      {prefix && <>{prefix} </>}
      <strong>{t(`errors.${problem.code}`)}</strong>{' '}
      <span className="muted">{t('errors.detail', { message: problem.message })}</span>
      {onRetry && (
        <button type="button" className="problem-retry" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  );
}
