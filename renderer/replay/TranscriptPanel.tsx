// The AI transcript in the chosen language: the line at the playhead highlighted and kept in view (unless
// the reader is scrolling the panel), a click seeks to a line. Caption text is user speech: text, never markup.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayDetail } from '../../core/protocol/replay';
import { ProblemNote } from '../shared/ProblemNote';
import { useReplay } from './replay-context';
import { lineAt } from './replay-model';
import { useReplayStore } from './replay-store';
import { clockLabel } from './timeline-data';

/** Scrolls `box` (only it, never the window) so that `el` is in its upper third when it is out of view. */
export function keepInView(box: HTMLElement, el: HTMLElement): void {
  const b = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.top >= b.top && r.bottom <= b.bottom) return;
  box.scrollTop += r.top - b.top - box.clientHeight / 3;
}

/** After the reader scrolls the panel, it is not scrolled for them for this long. */
const HANDS_OFF_MS = 4000;

export function TranscriptPanel({ detail }: { detail: ReplayDetail }) {
  const { t } = useTranslation('replay');
  const { service } = useReplay();
  const lang = useReplayStore((s) => s.lang);
  const transcript = useReplayStore((s) => s.transcript);
  const lines = useMemo(() => (transcript.status === 'ready' ? transcript.value : []), [transcript]);
  // The line index, not the time: a two-hour transcript is drawn again only when the current line changes.
  const current = useReplayStore((s) => lineAt(lines, s.currentMs));
  const scroller = useRef<HTMLOListElement>(null);
  const userScrollAt = useRef(0);
  const track = detail.captions.find((c) => c.lang === lang);

  useEffect(() => {
    if (current < 0 || performance.now() - userScrollAt.current < HANDS_OFF_MS) return;
    const box = scroller.current;
    const el = box?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    if (box && el) keepInView(box, el);
  }, [current]);

  return (
    <section className="card panel transcript-panel" aria-labelledby="transcript-heading">
      <div className="panel-head">
        <h3 id="transcript-heading">{t('transcript.heading')}</h3>
        <span
          className="badge ai-badge"
          data-testid="ai-label"
          title={track ? t('transcript.engine', { engine: track.engine }) : undefined}
        >
          {t('transcript.aiGenerated')}
        </span>
        {detail.captions.length > 0 && (
          <label>
            <span className="visually-hidden">{t('transcript.language')}</span>
            <select
              data-testid="transcript-lang"
              value={lang ?? ''}
              onChange={(e) => void service.setLang(e.target.value)}
            >
              {detail.captions.map((c) => (
                <option key={c.lang} value={c.lang}>
                  {t(c.source ? 'transcript.trackSource' : 'transcript.track', {
                    lang: c.lang,
                    lines: c.lines,
                  })}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {detail.captions.length === 0 ? (
        <p className="muted" data-testid="transcript-none">
          {t('transcript.none')}
        </p>
      ) : transcript.status === 'error' ? (
        <ProblemNote
          ns="replay"
          problem={transcript.error}
          testId="transcript-error"
          onRetry={() => lang && void service.setLang(lang)}
        />
      ) : transcript.status !== 'ready' ? (
        <p className="muted">{t('transcript.loading')}</p>
      ) : (
        <ol
          className="panel-scroll transcript-lines"
          ref={scroller}
          onWheel={() => (userScrollAt.current = performance.now())}
          onTouchMove={() => (userScrollAt.current = performance.now())}
        >
          {lines.map((line, i) => (
            <li key={line.id}>
              <button
                type="button"
                className={i === current ? 'line line-current' : 'line'}
                data-testid="transcript-line"
                data-index={i}
                data-start={line.startMs}
                aria-current={i === current ? 'true' : undefined}
                onClick={() => void service.player.seek(line.startMs)}
              >
                <span className="line-time num">{clockLabel(line.startMs)}</span>
                <span className="line-text">{line.text}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
