// The host's compliance violations in the stream: each with its stream time, level, category names, markets
// and the flagged words; a click seeks there (the timeline shows them as compliance markers too).
import { useTranslation } from 'react-i18next';
import type { ReplayDetail } from '../../core/protocol/replay';
import { useReplay } from './replay-context';
import { clockLabel } from './timeline-data';

/** How a list of names is joined in the reader's language. */
const joiner = (language: string) => (language.startsWith('zh') ? '、' : ', ');

export function ViolationsPanel({ detail }: { detail: ReplayDetail }) {
  const { t, i18n } = useTranslation('replay');
  const { service } = useReplay();
  // A detail built before violations were kept has none.
  const violations = detail.violations ?? [];
  const join = joiner(i18n.language);
  return (
    <section className="card panel violations-panel" aria-labelledby="violations-heading">
      <div className="panel-head">
        <h3 id="violations-heading">{t('violations.heading')}</h3>
      </div>
      {violations.length === 0 ? (
        <p className="muted" data-testid="replay-violations-none">
          {t('violations.none')}
        </p>
      ) : (
        <ol className="panel-scroll violation-list">
          {violations.map((v) => (
            <li
              key={v.id}
              data-testid="replay-violation"
              data-level={v.level}
              data-t={v.t}
              className={`violation violation-level${v.level}`}
            >
              <button
                type="button"
                className="line"
                title={t('violations.seek', { time: clockLabel(v.t) })}
                onClick={() => void service.player.seek(v.t)}
              >
                <span className="line-time num">{clockLabel(v.t)}</span>
                <span className="badge">{t(`common:compliance.level${v.level}`)}</span>
                <span className="line-text">
                  <span data-testid="violation-categories">
                    {v.categories.map((c) => t(`common:compliance.category.${c}`)).join(join)}
                  </span>
                  {' · '}
                  {v.markets.join(join)}
                  {' · '}
                  <span data-testid="violation-words">{v.words.map((w) => `“${w}”`).join(' ')}</span>
                  {v.rephrase && (
                    <span className="muted violation-rephrase">
                      {' '}
                      {t('violations.rephrase', { text: v.rephrase })}
                    </span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
