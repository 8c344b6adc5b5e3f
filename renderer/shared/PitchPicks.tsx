// Pitch next's picks as a list: each product with its reasons in words, best first; in the studio (with a
// Pin button per pick) and in the ops room view (read only). The reasons come as data from the backend and
// are worded here, in the page's language.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PitchNext, PitchReason } from '../../core/protocol/pitch';
import type { Product } from '../../core/protocol/room-events';
import { productTitle } from './format';

function ReasonText({ reason }: { reason: PitchReason }) {
  const { t, i18n } = useTranslation('common');
  switch (reason.kind) {
    case 'asked':
      return t('pitch.reason.asked', {
        count: reason.count,
        about: t(`pitch.intent.${reason.intent}`),
        minutes: Math.max(1, Math.round(reason.minutes)),
      });
    case 'clicked':
      return t('pitch.reason.clicked', {
        count: reason.count,
        minutes: Math.max(1, Math.round(reason.minutes)),
      });
    case 'converted':
      return t('pitch.reason.converted', {
        pct: reason.pct.toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
      });
    case 'liked':
      return t('pitch.reason.liked');
    case 'stock':
      return t('pitch.reason.stock', { count: reason.left });
    case 'not_presented':
      return reason.minutes === null
        ? t('pitch.reason.neverPresented')
        : t('pitch.reason.notPresented', { minutes: Math.round(reason.minutes) });
    case 'margin':
      return t('pitch.reason.margin', { pct: Math.round(reason.pct) });
    case 'exploring':
      return t('pitch.reason.exploring');
  }
}

export function PitchPicks({
  pitch,
  products,
  action,
}: {
  pitch: PitchNext | null;
  products: readonly Product[];
  /** What each pick offers (the studio's Pin button); none in read-only views. */
  action?: (productId: string) => ReactNode;
}) {
  const { t, i18n } = useTranslation('common');
  const byId = new Map(products.map((p) => [p.id, p]));
  const picks = (pitch?.picks ?? []).filter((p) => byId.has(p.productId));
  if (picks.length === 0)
    return (
      <p className="muted" data-testid="pitch-empty">
        {pitch === null ? t('pitch.waiting') : t('pitch.none')}
      </p>
    );
  return (
    <ol className="pitch-picks" data-testid="pitch-picks" data-at={pitch?.at ?? ''}>
      {picks.map((pick, i) => {
        const product = byId.get(pick.productId)!;
        const title = productTitle(product, i18n.language);
        return (
          <li
            key={pick.productId}
            className={pick.exploring ? 'pitch-pick pitch-exploring' : 'pitch-pick'}
            data-testid="pitch-pick"
            data-product={pick.productId}
            data-exploring={pick.exploring}
          >
            <span className="pitch-rank" aria-hidden="true">
              {i + 1}
            </span>
            <span className="pitch-title">{title}</span>
            {action?.(pick.productId)}
            <ul className="pitch-reasons" aria-label={t('pitch.reasonsFor', { title })}>
              {pick.reasons.map((r, j) => (
                <li key={j} data-testid="pitch-reason" data-kind={r.kind}>
                  {r.kind === 'exploring' ? t('pitch.reason.tryingX', { title }) : <ReasonText reason={r} />}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
