// The room's compliance violations for ops: each flagged sentence of the host's with its time, level,
// categories, market(s), the flagged words and the suggested rephrase. Loaded with 'compliance:list' and kept
// current from 'compliance:violation' (sent to ops watching the room only; viewers never get it).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { summarizeViolation } from '../../core/compliance/violation-summary';
import type { ComplianceViolation } from '../../core/protocol/compliance';
import { formatters } from '../shared/formatters';
import { ProblemNote } from '../shared/ProblemNote';
import { listJoiner } from './alert-detail';
import type { Problem } from './dashboard-store';
import { problemOf } from './feed-helpers';
import { useService } from './service-context';
import { mergeViolations, upsertViolation } from './violations-model';

export function ViolationsPanel({ roomId }: { roomId: string }) {
  const { t, i18n } = useTranslation('dashboard');
  const f = formatters(i18n.language);
  const service = useService();
  const [violations, setViolations] = useState<ComplianceViolation[]>([]);
  const [error, setError] = useState<Problem | null>(null);

  useEffect(() => {
    let live: ComplianceViolation[] = [];
    let stopped = false;
    setViolations([]);
    const load = () =>
      service.client.request('compliance:list', { roomId }).then(
        (loaded) => {
          if (stopped) return;
          setError(null);
          setViolations(mergeViolations(loaded, live));
          live = [];
        },
        (err: unknown) => !stopped && setError(problemOf(err)),
      );
    const disposers = [
      service.client.on('compliance:violation', (v) => {
        if (v.roomId !== roomId) return;
        live = upsertViolation(live, v);
        setViolations((list) => upsertViolation(list, v));
      }),
      service.client.onReconnected(() => void load()),
    ];
    void load();
    return () => {
      stopped = true;
      disposers.forEach((d) => d());
    };
  }, [service, roomId]);

  const joiner = listJoiner(i18n.language);
  const newestFirst = [...violations].reverse();
  return (
    <section className="card feed" data-testid="ops-violations" aria-labelledby="violations-heading">
      <h2 id="violations-heading">
        {t('room.violations.heading')} <span className="num">{f.int(violations.length)}</span>
      </h2>
      {error && (
        <ProblemNote problem={error} testId="violations-error" prefix={t('room.violations.failed')} />
      )}
      {violations.length === 0 && !error && <p className="muted">{t('room.violations.none')}</p>}
      <ul className="violation-list">
        {newestFirst.map((v) => {
          const s = summarizeViolation(v);
          return (
            <li
              key={v.id}
              className={`violation violation-level${v.level}`}
              data-testid="ops-violation"
              data-level={v.level}
              data-id={v.id}
            >
              <span className="muted num">{f.time(v.at)}</span>{' '}
              <strong className={v.level === 2 ? 'tag-bad' : 'tag-warn'}>
                {t(`common:compliance.level${v.level}`)}
              </strong>{' '}
              <span data-testid="violation-categories">
                {s.categories.map((c) => t(`common:compliance.category.${c}`)).join(joiner)}
              </span>{' '}
              <span className="muted" title={t('room.violations.market')}>
                {s.markets.join(joiner)}
              </span>
              <div className="violation-words" title={t('room.violations.words')}>
                {s.words.map((w) => `“${w}”`).join(' ')}{' '}
                <span className="muted">({t(`common:compliance.source.${v.source}`)})</span>
              </div>
              {s.rephrase && (
                <div className="muted violation-rephrase">
                  {t('room.violations.rephrase')}: {s.rephrase}
                </div>
              )}
              {v.acknowledgedAt !== null && <div className="muted">{t('room.violations.acknowledged')}</div>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
