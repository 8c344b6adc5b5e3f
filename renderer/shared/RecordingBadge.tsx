// Whether the backend is recording this stream for replay, and why not: in the studio's live panel and the
// ops room view. The reason comes from the backend in English (it names FFmpeg, a setting, a process).
import { useTranslation } from 'react-i18next';
import type { RecordingStatus } from '../../core/protocol/replay';

const CLASS: Record<RecordingStatus['state'], string> = {
  recording: 'status status-connected',
  restarting: 'status',
  off: 'status status-disconnected',
  stopped: 'status',
};

export function RecordingBadge({ status }: { status: RecordingStatus }) {
  const { t } = useTranslation('common');
  const reason = status.reason ?? '';
  return (
    <p
      className={`recording-badge ${CLASS[status.state]}`}
      role="status"
      data-testid="recording-status"
      data-state={status.state}
      title={reason || undefined}
    >
      <span className="dot" aria-hidden="true" />
      {t(`recording.${status.state}`, { reason, segments: status.segments })}
    </p>
  );
}
