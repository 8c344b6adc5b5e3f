// Comment sentiment as one bar of three parts (positive, neutral, negative), with the counts in its label.
import { useTranslation } from 'react-i18next';
import { formatters } from '../shared/formatters';

export function MoodBar({ mood }: { mood: { pos: number; neu: number; neg: number } }) {
  const { t, i18n } = useTranslation('replay');
  const f = formatters(i18n.language);
  const total = mood.pos + mood.neu + mood.neg;
  const label = t('mood.label', { pos: f.int(mood.pos), neu: f.int(mood.neu), neg: f.int(mood.neg) });
  if (total === 0)
    return (
      <span className="muted" data-testid="mood-bar" aria-label={label}>
        {t('mood.none')}
      </span>
    );
  return (
    <span className="mood-bar" role="img" aria-label={label} title={label} data-testid="mood-bar">
      {(['pos', 'neu', 'neg'] as const).map((k) => (
        <span key={k} className={`mood-part mood-part-${k}`} style={{ flexGrow: mood[k] }} />
      ))}
    </span>
  );
}
