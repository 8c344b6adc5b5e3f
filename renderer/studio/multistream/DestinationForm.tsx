// Adding or changing one multistream destination: name, RTMP(S) URL (its platform and that platform's rules
// shown as it is typed), the stream key as a password field that never shows a stored key (it only says
// whether one is set; left empty it keeps it, "Forget" removes it), and whether it is sent to when live.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RtmpUrlSchema, type Destination, type DestinationInput } from '../../../core/protocol/multistream';
import { StudioError } from '../../../core/protocol/result';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { ActionError } from '../room/action-feedback';
import { useStudioServices } from '../services/services-context';
import { RuleLines } from './RuleLines';
import { errorWords, platformName, platformRules } from './multistream-words';

export function DestinationForm({ editing, onDone }: { editing: Destination | null; onDone(): void }) {
  const { t } = useTranslation('studio');
  const { multistream } = useStudioServices();
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [key, setKey] = useState('');
  const [forgetKey, setForgetKey] = useState(false);
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { name: useId(), url: useId(), key: useId(), keyHelp: useId(), forget: useId(), on: useId() };

  const urlOk = RtmpUrlSchema.safeParse(url).success;
  const willHaveKey = key.trim() !== '' || (Boolean(editing?.keySet) && !forgetKey);
  const reason = busy
    ? t('multistream.form.saving')
    : !name.trim()
      ? t('multistream.form.needName')
      : !urlOk
        ? t('multistream.errors.url')
        : enabled && !willHaveKey
          ? t('multistream.errors.key')
          : null;
  const rules = urlOk ? platformRules(t, url) : null;

  const submit = () => {
    if (reason) return;
    const input: DestinationInput = {
      ...(editing ? { id: editing.id } : {}),
      name: name.trim(),
      url: url.trim(),
      enabled,
      // A typed key replaces the stored one, '' forgets it, none keeps it.
      ...(key.trim() ? { key: key.trim() } : forgetKey ? { key: '' } : {}),
    };
    setBusy(true);
    setError(null);
    multistream
      .save(input)
      .then(() => onDone())
      .catch((e: unknown) =>
        setError(
          e instanceof StudioError
            ? errorWords(t, e.toJSON())
            : t('multistream.errors.other', { message: String(e) }),
        ),
      )
      .finally(() => setBusy(false));
  };

  return (
    <form
      className="multistream-form"
      data-testid="multistream-form"
      aria-label={editing ? t('multistream.form.editHeading') : t('multistream.form.addHeading')}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h4>{editing ? t('multistream.form.editHeading') : t('multistream.form.addHeading')}</h4>
      <p>
        <label htmlFor={ids.name}>{t('multistream.form.name')}</label>{' '}
        <input
          id={ids.name}
          value={name}
          maxLength={60}
          onChange={(e) => setName(e.target.value)}
          data-testid="multistream-name"
        />
      </p>
      <p>
        <label htmlFor={ids.url}>{t('multistream.form.url')}</label>{' '}
        <input
          id={ids.url}
          value={url}
          maxLength={500}
          placeholder="rtmps://…"
          spellCheck={false}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="multistream-url"
        />
      </p>
      {rules && (
        <div data-testid="multistream-form-platform">
          <p className="muted">{t('multistream.platformIs', { name: platformName(t, rules.platform) })}</p>
          <RuleLines lines={rules.lines} />
        </div>
      )}
      <p>
        <label htmlFor={ids.key}>{t('multistream.form.key')}</label>{' '}
        <input
          id={ids.key}
          type="password"
          autoComplete="off"
          value={key}
          maxLength={500}
          aria-describedby={ids.keyHelp}
          placeholder={editing?.keySet ? t('multistream.form.keyKeepPlaceholder') : ''}
          onChange={(e) => setKey(e.target.value)}
          data-testid="multistream-key"
        />{' '}
        <span id={ids.keyHelp} className="muted" data-testid="multistream-key-state">
          {editing?.keySet && !forgetKey
            ? t('multistream.form.keySetHelp')
            : t('multistream.form.keyNewHelp')}
        </span>
      </p>
      {editing?.keySet && (
        <p>
          <input
            id={ids.forget}
            type="checkbox"
            checked={forgetKey}
            onChange={(e) => setForgetKey(e.target.checked)}
            data-testid="multistream-forget-key"
          />{' '}
          <label htmlFor={ids.forget}>{t('multistream.form.forgetKey')}</label>
        </p>
      )}
      <p>
        <input
          id={ids.on}
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          data-testid="multistream-enabled"
        />{' '}
        <label htmlFor={ids.on}>{t('multistream.form.enabled')}</label>
      </p>
      <ActionError message={error} testId="multistream-save-error" />
      <p>
        <ReasonedButton type="submit" className="primary" reason={reason} testId="multistream-save">
          {t('multistream.form.save')}
        </ReasonedButton>{' '}
        <button type="button" onClick={onDone} disabled={busy} data-testid="multistream-cancel">
          {t('multistream.form.cancel')}
        </button>
      </p>
    </form>
  );
}
