// The speech models: each one's state and size, download progress (pushed by the host), and the button
// that downloads a missing one or retries a failed one.
import { useTranslation } from 'react-i18next';
import type { ModelStatus } from '../../../core/protocol/captions';
import { useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';
import { downloadPercent, formatBytes } from './captions-format';

function ModelRow({ model }: { model: ModelStatus }) {
  const { t } = useTranslation('studio');
  const { captions: captionsSession } = useStudioServices();
  const requestError = useStudioStore((s) => s.captions.downloadErrors[model.id]);
  const busy = model.state === 'downloading' || model.state === 'verifying';
  const percent = downloadPercent(model);
  const stateText =
    model.state === 'downloading'
      ? t('captions.models.state.downloading', { percent })
      : t(`captions.models.state.${model.state}`);
  const size = formatBytes(model.bytes);
  return (
    <li
      className={model.required ? 'model model-required' : 'model'}
      data-testid={`model-row-${model.id}`}
      data-state={model.state}
    >
      <span className="model-line">
        {model.state === 'ready'
          ? t('captions.models.lineReady', { name: model.name, state: stateText, size })
          : t('captions.models.line', { name: model.name, state: stateText, size })}
        {model.required && <span className="badge">{t('captions.models.required')}</span>}
      </span>
      {busy && (
        <progress
          data-testid={`model-progress-${model.id}`}
          max={Math.max(1, model.bytes)}
          value={Math.min(model.downloadedBytes, model.bytes)}
          aria-label={t('captions.models.progress', { name: model.name, percent })}
        />
      )}
      {(model.state === 'missing' || model.state === 'error') && (
        <button
          type="button"
          data-testid={`model-download-${model.id}`}
          onClick={() => void captionsSession.download(model.id)}
        >
          {model.state === 'error' ? t('captions.models.retry') : t('captions.models.download')}
        </button>
      )}
      {(model.error || requestError) && (
        <span className="model-error" role="alert" data-testid={`model-error-${model.id}`}>
          {t('captions.models.error', { message: model.error ?? requestError })}
        </span>
      )}
    </li>
  );
}

export function CaptionModels({ models }: { models: ModelStatus[] }) {
  const { t } = useTranslation('studio');
  return (
    <div className="captions-models">
      <h3>{t('captions.models.heading')}</h3>
      {models.length === 0 ? (
        <p className="muted">{t('captions.models.none')}</p>
      ) : (
        <ul className="model-list" data-testid="model-list">
          {models.map((m) => (
            <ModelRow key={m.id} model={m} />
          ))}
        </ul>
      )}
    </div>
  );
}
