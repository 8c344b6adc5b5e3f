// After a crash while live: says which stream ended unexpectedly; its title is already back in the form,
// so going live resumes it. Dismissed, it is not offered again.
import { useTranslation } from 'react-i18next';
import { selectResumable, useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';

export function ResumeNotice() {
  const { t } = useTranslation('studio');
  const resumable = useStudioStore(selectResumable);
  const { desktop } = useStudioServices();
  if (!resumable) return null;
  return (
    <div className="resume-notice" role="status" data-testid="resume-notice">
      <p>
        {resumable.title ? t('resume.titled', { title: resumable.title }) : t('resume.untitled')}{' '}
        {t('resume.hint')}
      </p>
      <button type="button" onClick={() => desktop.dismissResume()}>
        {t('resume.dismiss')}
      </button>
    </div>
  );
}
