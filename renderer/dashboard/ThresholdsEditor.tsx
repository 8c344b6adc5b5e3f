// Alert thresholds: the global defaults, or this room's overrides (a field left empty takes the global
// value). Values are checked with the contract's schema before they are sent.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertThresholdsSchema, type AlertThresholds } from '../../core/protocol/analytics-events';
import { draftToThresholds, FIELDS, toDraft, type Draft } from './thresholds-draft';
import { ReasonedButton } from '../shared/ReasonedButton';
import type { Problem } from './dashboard-store';
import { problemOf } from './feed-helpers';
import { ProblemNote } from '../shared/ProblemNote';
import { useActionReason, useService } from './service-context';

export function ThresholdsEditor({ roomId }: { roomId: string }) {
  const { t } = useTranslation('dashboard');
  const service = useService();
  const [scope, setScope] = useState<'room' | 'global'>('room');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [invalid, setInvalid] = useState<keyof AlertThresholds | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);
  const reason = useActionReason(pending || draft === null);
  const target = scope === 'room' ? roomId : null;

  useEffect(() => {
    let live = true;
    setDraft(null);
    setProblem(null);
    // The room's view starts from the thresholds in effect for it (the global ones plus its overrides).
    service.thresholds(target).then(
      (th) => live && setDraft(toDraft(th)),
      (e: unknown) => live && setProblem(problemOf(e)),
    );
    return () => {
      live = false;
    };
  }, [service, target]);

  const save = (value: Partial<AlertThresholds> | null) => {
    setPending(true);
    setSaved(false);
    service
      .setThresholds(target, value)
      .then(
        (th) => {
          setDraft(toDraft(th));
          setProblem(null);
          setSaved(true);
        },
        (e: unknown) => setProblem(problemOf(e)),
      )
      .finally(() => setPending(false));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const parsed = draftToThresholds(draft, scope === 'room');
    if (!parsed.ok) {
      setInvalid(parsed.field);
      return;
    }
    setInvalid(null);
    save(parsed.value);
  };
  const range = (k: keyof AlertThresholds) => {
    const s = AlertThresholdsSchema.shape[k];
    return { min: s.minValue ?? 0, max: s.maxValue ?? '' };
  };

  return (
    <section className="card" aria-labelledby="thresholds-heading">
      <h2 id="thresholds-heading">{t('thresholds.heading')}</h2>
      <div className="buttons" role="radiogroup">
        {(['room', 'global'] as const).map((s) => (
          <label key={s}>
            <input type="radio" name="threshold-scope" checked={scope === s} onChange={() => setScope(s)} />{' '}
            {s === 'room' ? t('thresholds.scopeRoom') : t('thresholds.scopeGlobal')}
          </label>
        ))}
      </div>
      {problem && (
        <ProblemNote
          problem={problem}
          testId="thresholds-error"
          prefix={draft ? t('thresholds.failed') : undefined}
        />
      )}
      {!draft && !problem && <p className="muted">{t('thresholds.loading')}</p>}
      {draft && (
        <form className="threshold-form" onSubmit={submit} data-testid="thresholds-form">
          {FIELDS.map((k) => (
            <label key={k}>
              {t(`thresholds.fields.${k}`)}
              <input
                inputMode="decimal"
                value={draft[k]}
                aria-invalid={invalid === k}
                onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
              />
            </label>
          ))}
          {invalid && (
            <p className="banner banner-error" role="alert">
              {t('thresholds.invalid', { field: t(`thresholds.fields.${invalid}`), ...range(invalid) })}
            </p>
          )}
          <div className="form-submit">
            <ReasonedButton type="submit" className="primary" reason={reason} testId="thresholds-save">
              {t('thresholds.save')}
            </ReasonedButton>
            {scope === 'room' && (
              <ReasonedButton reason={reason} onClick={() => save(null)}>
                {t('thresholds.clear')}
              </ReasonedButton>
            )}
            {saved && <span className="muted">{t('thresholds.saved')}</span>}
          </div>
        </form>
      )}
    </section>
  );
}
