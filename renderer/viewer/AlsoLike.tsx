// "You may also like", under the pinned card: the backend's next products for this viewer, from what it
// opened and bought in this room (the room's best sellers before it has done anything). Asked again when
// the pin changes, after this viewer's own clicks and orders, and now and then. Opening one reports a card
// click (the host's pitch next counts it); buying is on the pinned product.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlsoLike as AlsoLikeAnswer } from '../../core/protocol/pitch';
import type { RoomClient } from '../media/room-client';
import { formatMoney, primaryPrice, productTitle } from '../shared/format';
import { useViewerStore } from '../stores/viewer-store';
import type { ViewerAnalytics } from './viewer-analytics';

const REFRESH_MS = 20_000;
/** After a click, the backend has the click fact within about a second. */
const AFTER_CLICK_MS = 1_200;

export function AlsoLike({
  client,
  roomId,
  analytics,
}: {
  client: RoomClient | null;
  roomId: string | null;
  analytics: ViewerAnalytics | null;
}) {
  const { t, i18n } = useTranslation('viewer');
  const pinnedId = useViewerStore((s) => s.pinned?.id ?? null);
  const orderState = useViewerStore((s) => (s.order ? `${s.order.id}:${s.order.status}` : ''));
  const [answer, setAnswer] = useState<AlsoLikeAnswer | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    if (!client || !roomId) return;
    let live = true;
    const ask = () =>
      client.request('pitch:alsoLike', { roomId }).then(
        (a) => live && setAnswer(a),
        () => undefined, // a refused or failed answer keeps the last list; the next ask tries again
      );
    void ask();
    const timer = setInterval(() => void ask(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, roomId, pinnedId, orderState, asked]);

  const products = answer?.products ?? [];
  if (!client || !roomId || products.length === 0) return null;
  const choose = (id: string) => {
    if (open !== id) {
      analytics?.click(id, 'card');
      setTimeout(() => setAsked((n) => n + 1), AFTER_CLICK_MS);
    }
    setOpen(open === id ? null : id);
  };
  return (
    <section
      className="card also-like"
      aria-labelledby="also-like-heading"
      data-testid="also-like"
      data-basis={answer?.basis}
    >
      <h2 id="also-like-heading">{t('alsoLike.heading')}</h2>
      <p className="muted">
        {answer?.basis === 'session' ? t('alsoLike.fromSession') : t('alsoLike.bestSellers')}
      </p>
      <ul className="also-like-list">
        {products.map((p) => {
          const [currency, minor] = primaryPrice(p);
          return (
            <li key={p.id} data-testid="also-like-item" data-product={p.id}>
              <button type="button" aria-expanded={open === p.id} onClick={() => choose(p.id)}>
                <span className="product-title">{productTitle(p, i18n.language)}</span>
                <span>{formatMoney(minor, currency, i18n.language)}</span>
              </button>
              {open === p.id && (
                <p className="muted" data-testid="also-like-details">
                  {t('product.inStock', { count: p.stock })} · {t('alsoLike.askHost')}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
