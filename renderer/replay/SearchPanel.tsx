// Search across the transcript (every language) and the comments, Chinese included (the backend matches
// substrings, so no word splitting is needed): the box in the stream's header (/ focuses it), the hits in a
// panel; a hit click seeks to it.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemNote } from '../shared/ProblemNote';
import { useReplay } from './replay-context';
import { useReplayStore } from './replay-store';
import { clockLabel } from './timeline-data';

/** Typing waits this long before it asks. */
const DEBOUNCE_MS = 250;

export function SearchBox() {
  const { t } = useTranslation('replay');
  const { service } = useReplay();
  const [q, setQ] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return (
    <form
      className="search-box"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (timer.current) clearTimeout(timer.current);
        void service.search(q);
      }}
    >
      <label>
        <span className="visually-hidden">{t('search.label')}</span>
        <input
          type="search"
          data-testid="search-input"
          placeholder={t('search.placeholder')}
          maxLength={100}
          value={q}
          onChange={(e) => {
            const next = e.target.value;
            setQ(next);
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => void service.search(next), DEBOUNCE_MS);
          }}
        />
      </label>
    </form>
  );
}

export function SearchHits() {
  const { t, i18n } = useTranslation('replay');
  const { service } = useReplay();
  const search = useReplayStore((s) => s.search);
  if (search.result.status === 'idle') return null;
  const result = search.result;
  return (
    <section className="card panel search-panel" aria-labelledby="search-heading" data-testid="search-panel">
      <div className="panel-head">
        <h3 id="search-heading">{t('search.heading', { q: search.q.trim() })}</h3>
        {result.status === 'ready' && (
          <span className="muted num" data-testid="search-total">
            {t('search.total', {
              count: result.value.total,
              shown: new Intl.NumberFormat(i18n.language).format(result.value.hits.length),
            })}
          </span>
        )}
      </div>
      {result.status === 'error' ? (
        <ProblemNote ns="replay" problem={result.error} testId="search-error" />
      ) : result.status === 'loading' ? (
        <p className="muted">{t('search.loading')}</p>
      ) : result.value.hits.length === 0 ? (
        <p className="muted" data-testid="search-none">
          {t('search.none')}
        </p>
      ) : (
        <ol className="panel-scroll search-hits">
          {result.value.hits.map((h) => (
            <li key={`${h.kind}-${h.id}`}>
              <button
                type="button"
                className="line"
                data-testid="search-hit"
                data-kind={h.kind}
                data-t={h.t}
                onClick={() => void service.player.seek(h.t)}
              >
                <span className="line-time num">{clockLabel(h.t)}</span>
                <span className="badge">{t(`search.kind.${h.kind}`)}</span>
                {h.lang && <span className="muted">{h.lang}</span>}
                <span className="line-text">{h.text}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
