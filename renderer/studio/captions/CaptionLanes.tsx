// Each caption language's current line (from the room's caption events, else the host's status) with its
// lag, and the pipeline's lag and speed overall.
import { useTranslation } from 'react-i18next';
import { CAPTION_LANGUAGE_NATIVE_NAMES, isCaptionLanguage } from '../../captions/caption-languages';
import { EMPTY_LANE, visibleLines } from '../../captions/caption-lines';
import { CaptionText } from '../../captions/CaptionText';
import { selectCaptions, useStudioStore } from '../../stores/studio-store';
import { lagLevel, lagPercent, laneOrder } from './captions-format';

/** The studio keeps a lane's last line up for a minute: the host wants to see what went out. */
const STUDIO_HOLD_MS = 60_000;

const languageName = (lang: string) => (isCaptionLanguage(lang) ? CAPTION_LANGUAGE_NATIVE_NAMES[lang] : lang);

function LagBar({ ms }: { ms: number | null }) {
  const { t } = useTranslation('studio');
  if (ms === null) return <span className="muted lag-value">{t('captions.lag.none')}</span>;
  const level = lagLevel(ms);
  return (
    <span className="lag" data-level={level} data-lag-ms={Math.round(ms)}>
      <span className="lag-bar" aria-hidden="true">
        <span className={`lag-fill lag-${level}`} style={{ width: `${lagPercent(ms)}%` }} />
      </span>
      <span className="lag-value">{t('captions.lag.ms', { ms: Math.round(ms) })}</span>
    </span>
  );
}

export function CaptionLanes() {
  const { t } = useTranslation('studio');
  const { status, lanes, targets, settings } = useStudioStore(selectCaptions);
  const source = settings?.sourceLang ?? status?.sourceLang ?? 'en';
  const statusLanes = new Map((status?.lanes ?? []).map((l) => [l.lang, l]));
  const order = laneOrder(source, [
    ...(status?.targets ?? []),
    ...targets,
    ...Object.keys(lanes),
    ...statusLanes.keys(),
  ]);
  const now = Date.now();
  return (
    <div className="caption-lanes">
      <p className="caption-lag" data-testid="caption-lag" data-p50={status?.lagP50Ms ?? ''}>
        {t('captions.lag.withSpeed', {
          lag:
            status?.lagP50Ms != null
              ? t('captions.lag.summary', {
                  p50: Math.round(status.lagP50Ms),
                  p95: Math.round(status.lagP95Ms ?? status.lagP50Ms),
                })
              : t('captions.lag.waiting'),
          speed:
            status?.rtf != null
              ? t(status.rtf < 1 ? 'captions.rtf.keepsUp' : 'captions.rtf.behind', {
                  rtf: status.rtf.toFixed(2),
                })
              : t('captions.rtf.none'),
        })}
      </p>
      <ul className="lane-list">
        {order.map((lang) => {
          const fromEvents = visibleLines(lanes[lang] ?? EMPTY_LANE, now, STUDIO_HOLD_MS);
          const fromStatus = statusLanes.get(lang);
          return (
            <li key={lang} className="lane" data-testid={`caption-lane-${lang}`}>
              <span className="lane-lang" lang={lang}>
                {languageName(lang)}
                {lang === source && <span className="muted"> · {t('captions.lanes.spoken')}</span>}
              </span>
              <span className="lane-text" lang={lang} data-testid={`caption-lane-text-${lang}`}>
                {fromEvents.length > 0 ? (
                  fromEvents.map((line) => (
                    <span
                      key={line.id}
                      className={line.final ? 'caption-line' : 'caption-line caption-partial'}
                      data-final={line.final}
                    >
                      <CaptionText text={line.text} terms={line.terms} />
                    </span>
                  ))
                ) : fromStatus?.text ? (
                  <span
                    className={fromStatus.final ? 'caption-line' : 'caption-line caption-partial'}
                    data-final={fromStatus.final}
                  >
                    {fromStatus.text}
                  </span>
                ) : (
                  <span className="muted">{t('captions.lanes.empty')}</span>
                )}
              </span>
              <LagBar ms={fromStatus?.lagMs ?? null} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
