// What state the replay is in, when it is not simply ready: still live (what exists so far), finishing (ready
// in about N s, counting down and updated live by `replay:state`), or partial (the backend stopped without
// ending the stream: shown up to its last data).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplayDetail } from '../../core/protocol/replay';
import { secondsLeft } from './replay-model';
import { useReplayStore } from './replay-store';
import { clockLabel } from './timeline-data';

export function StateBanner({ detail }: { detail: ReplayDetail }) {
  const { t } = useTranslation('replay');
  const state = useReplayStore((s) => s.replayState) ?? detail.item.state;
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (state !== 'finishing') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [state]);
  if (state === 'finishing')
    return (
      <p className="banner banner-warn" role="status" data-testid="finishing-banner">
        {t('banner.finishing', { seconds: secondsLeft(detail.item.endedAt, now) })}
      </p>
    );
  if (state === 'partial')
    return (
      <p className="banner banner-warn" role="status" data-testid="partial-banner">
        {t('banner.partial', { at: clockLabel(detail.item.durationMs) })}
      </p>
    );
  if (state === 'live')
    return (
      <p className="banner" role="status" data-testid="live-banner">
        {t('banner.live')}
      </p>
    );
  return null;
}
