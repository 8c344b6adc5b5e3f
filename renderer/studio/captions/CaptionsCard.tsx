// The studio's Captions card: Start/Stop (Alt+C, a command that works whether or not the card is shown),
// the state and what is wrong, each language's current line with its lag, the target languages, the
// engines and keys, and the speech models with downloads. The captions session and the host's pushed
// status live in the studio's services; the card only shows them. Text from the host or the recognizer is
// rendered as React text nodes.
import { useTranslation } from 'react-i18next';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { selectCaptions, useStudioStore } from '../../stores/studio-store';
import { COMMAND } from '../commands/studio-commands';
import { useCommand } from '../commands/use-command';
import { CaptionLanes } from './CaptionLanes';
import { CaptionModels } from './CaptionModels';
import { CaptionSettingsForm } from './CaptionSettingsForm';
import { CaptionTargets } from './CaptionTargets';
import { formatBytes } from './captions-format';
import { CommentTranslationGap } from './CommentTranslationGap';

export function CaptionsCard() {
  const { t } = useTranslation('studio');
  const { status, settings, capture, error, audio, feedError, statusError, settingsError, targets } =
    useStudioStore(selectCaptions);
  const toggle = useCommand(COMMAND.toggleCaptions);
  const running = capture !== 'off';

  const hostState = status?.state ?? 'idle';
  const shownState =
    capture === 'starting'
      ? 'starting'
      : capture === 'on'
        ? hostState
        : capture === 'stopping'
          ? 'stopping'
          : hostState === 'error'
            ? 'error'
            : 'idle';
  const missing = (status?.models ?? []).filter((m) => m.required && m.state !== 'ready');
  const source = settings?.sourceLang ?? status?.sourceLang ?? 'en';

  return (
    <div className="captions-card" data-testid="captions-card" data-capture={capture} data-state={hostState}>
      <div className="live-header">
        <span className="captions-badges">
          {status?.speaking && capture === 'on' && (
            <span className="speaking" data-testid="captions-speaking">
              <span className="dot" aria-hidden="true" />
              {t('captions.speaking')}
            </span>
          )}
          <span className={`phase phase-captions-${shownState}`} data-testid="captions-state">
            {t(`captions.state.${shownState}`)}
          </span>
        </span>
      </div>
      {error && (
        <div className="banner banner-error" role="alert" data-testid="captions-error">
          {t('captions.error', { message: error })}
        </div>
      )}
      {!error && status?.state === 'error' && status.error && (
        <div className="banner banner-error" role="alert" data-testid="captions-host-error">
          {t('captions.hostError', { message: status.error })}
        </div>
      )}
      {missing.length > 0 && (
        <ul className="warnings" data-testid="captions-missing-models">
          {missing.map((m) => (
            <li key={m.id}>
              {m.state === 'downloading' || m.state === 'verifying'
                ? t('captions.missingModelLoading', { name: m.name, size: formatBytes(m.bytes) })
                : t('captions.missingModel', { name: m.name, size: formatBytes(m.bytes) })}
            </li>
          ))}
        </ul>
      )}
      <CommentTranslationGap />
      <div className="buttons">
        <ReasonedButton
          className={running ? 'danger' : 'primary'}
          testId={running ? 'captions-stop' : 'captions-start'}
          reason={toggle.reason}
          onClick={toggle.run}
        >
          {capture === 'starting'
            ? t('captions.starting')
            : capture === 'stopping'
              ? t('captions.stopping')
              : running
                ? t('captions.stop')
                : t('captions.start')}
        </ReasonedButton>
        <span className="muted">{t('captions.shortcut')}</span>
      </div>
      {!running && targets.length === 0 && <p className="muted">{t('captions.noTargets')}</p>}
      {capture === 'on' && (audio.dropped > 0 || audio.rejected > 0) && (
        <p className="muted" data-testid="captions-audio-dropped" data-dropped={audio.dropped}>
          {t('captions.audioDropped', { dropped: audio.dropped, rejected: audio.rejected })}
        </p>
      )}
      {feedError && <p className="muted">{t('captions.feedError', { message: feedError })}</p>}
      {statusError && (
        <p className="muted" data-testid="captions-status-error">
          {t('captions.statusError', { message: statusError })}
        </p>
      )}
      <CaptionLanes />
      <CaptionTargets source={source} locked={running} />
      {settings ? (
        <CaptionSettingsForm settings={settings} locked={running} />
      ) : settingsError ? (
        <p className="muted" role="alert" data-testid="captions-settings-error">
          {t('captions.settings.unavailable', { message: settingsError })}
        </p>
      ) : (
        <p className="muted">{t('captions.settings.loading')}</p>
      )}
      <CaptionModels models={status?.models ?? []} />
    </div>
  );
}
