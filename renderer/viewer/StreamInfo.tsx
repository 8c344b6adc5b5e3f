// The size of the picture this viewer decodes, read from the <video> itself (videoWidth/videoHeight, updated
// on every resize): a portrait stream is known from its frames, not from a flag the host sends.
import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatters } from '../shared/formatters';

export function StreamInfo({ video }: { video: RefObject<HTMLVideoElement | null> }) {
  const { t, i18n } = useTranslation('viewer');
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const read = () => setSize({ width: el.videoWidth, height: el.videoHeight });
    read();
    el.addEventListener('resize', read);
    el.addEventListener('loadedmetadata', read);
    return () => {
      el.removeEventListener('resize', read);
      el.removeEventListener('loadedmetadata', read);
    };
  }, [video]);
  const known = size.width > 0 && size.height > 0;
  return (
    <>
      <dt>{t('stats.picture')}</dt>
      <dd data-testid="stream-info" data-width={size.width} data-height={size.height}>
        {known
          ? t(size.height > size.width ? 'stats.portrait' : 'stats.landscape', {
              width: formatters(i18n.language).plain(size.width),
              height: formatters(i18n.language).plain(size.height),
            })
          : '–'}
      </dd>
    </>
  );
}
