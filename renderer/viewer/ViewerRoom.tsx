// The viewer's side of the room: the comment list and box, and the pinned product with its buy flow.
// Comments are React text nodes: whatever a viewer types stays text on every screen.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { StudioError } from '../../core/protocol/result';
import { arAsset } from '../ar/ar-assets';
import type { RoomClient } from '../media/room-client';
import { CommentList } from '../shared/CommentList';
import { formatMoney, newKey, primaryPrice, productTitle } from '../shared/format';
import { useViewerStore } from '../stores/viewer-store';
import { ownComments } from './own-comments';
import { TryItOn } from './TryItOn';
import type { ViewerAnalytics } from './viewer-analytics';

const message = (e: unknown) => (e instanceof StudioError || e instanceof Error ? e.message : String(e));

export function ViewerComments({ client, roomId }: { client: RoomClient | null; roomId: string | null }) {
  const { t } = useTranslation('viewer');
  const comments = useViewerStore((s) => s.comments);
  const shed = useViewerStore((s) => s.shed);
  const error = useViewerStore((s) => s.commentError);
  const [text, setText] = useState('');
  const send = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body || !client || !roomId) return;
    setText('');
    ownComments.sent(body);
    client.request('comment:send', { roomId, text: body, clientId: newKey() }).then(
      () => useViewerStore.getState().set({ commentError: null }),
      (err: unknown) => useViewerStore.getState().set({ commentError: message(err) }),
    );
  };
  return (
    <section className="card" aria-labelledby="viewer-comments-heading">
      <h2 id="viewer-comments-heading">{t('comments.heading')}</h2>
      {shed > 0 && <p className="muted">{t('comments.shed', { count: shed })}</p>}
      <CommentList
        comments={comments}
        hostLabel={t('comments.host')}
        listTestId="viewer-comments"
        itemTestId="viewer-comment"
      />
      {error && (
        <p className="banner banner-error" role="alert">
          {t('comments.error', { message: error })}
        </p>
      )}
      <form className="comment-form" onSubmit={send}>
        <input
          data-testid="viewer-comment-input"
          value={text}
          maxLength={200}
          placeholder={t('comments.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" data-testid="viewer-comment-send">
          {t('comments.send')}
        </button>
      </form>
    </section>
  );
}

export function PinnedProduct({
  client,
  roomId,
  analytics,
}: {
  client: RoomClient | null;
  roomId: string | null;
  analytics: ViewerAnalytics | null;
}) {
  const { t, i18n } = useTranslation('viewer');
  // The card's details (every price) are open: opening them is the card click ops count.
  const [openFor, setOpenFor] = useState<string | null>(null);
  const pinned = useViewerStore((s) => s.pinned);
  const order = useViewerStore((s) => s.order);
  const error = useViewerStore((s) => s.orderError);
  // One key per purchase attempt: a retry after a network error cannot buy twice.
  const purchaseKey = useRef<string | null>(null);
  // This page's pay request is in flight (the order says `paying` only once the backend has claimed it).
  const [paying, setPaying] = useState(false);
  if (!pinned || !client || !roomId) return null;
  const [currency, minor] = primaryPrice(pinned);
  const tryOnAsset = arAsset(pinned.arAsset)?.spec.id ?? null;
  const ownOrder = order && order.productId === pinned.id ? order : null;
  const set = useViewerStore.getState().set;
  const open = openFor === pinned.id;
  const toggleDetails = () => {
    if (!open) analytics?.click(pinned.id, 'card');
    setOpenFor(open ? null : pinned.id);
  };
  const buy = () => {
    analytics?.click(pinned.id, 'buy');
    purchaseKey.current ??= newKey();
    client
      .request('order:place', {
        roomId,
        productId: pinned.id,
        quantity: 1,
        currency,
        idempotencyKey: purchaseKey.current,
      })
      .then(
        (o) => set({ order: o, orderError: null }),
        (err: unknown) => set({ orderError: message(err) }),
      );
  };
  const pay = () => {
    if (!ownOrder || paying) return;
    setPaying(true);
    client
      .request('order:pay', { roomId, orderId: ownOrder.id })
      .then(
        (o) => {
          purchaseKey.current = null;
          set({ order: o, orderError: null });
        },
        (err: unknown) => set({ orderError: message(err) }),
      )
      .finally(() => setPaying(false));
  };
  return (
    <section className="card product-card" data-testid="pinned-product" aria-live="polite">
      <div className="product-title" data-testid="pinned-title">
        {productTitle(pinned, i18n.language)}
      </div>
      <div>{formatMoney(minor, currency, i18n.language)}</div>
      <button
        type="button"
        data-testid="product-details-toggle"
        aria-expanded={open}
        aria-controls="pinned-details"
        onClick={toggleDetails}
      >
        {t(open ? 'product.hideDetails' : 'product.details')}
      </button>
      {open && (
        <dl className="facts" id="pinned-details" data-testid="product-details">
          <dt>{t('product.prices')}</dt>
          <dd>
            {Object.entries(pinned.prices)
              .map(([cur, amount]) => formatMoney(amount, cur, i18n.language))
              .join(' · ')}
          </dd>
        </dl>
      )}
      <div className="muted" data-testid="pinned-stock">
        {pinned.stock > 0 ? t('product.inStock', { count: pinned.stock }) : t('product.soldOut')}
      </div>
      {ownOrder?.status === 'paid' ? (
        <strong data-testid="order-paid">{t('product.paid')}</strong>
      ) : ownOrder?.status === 'paying' || (ownOrder?.status === 'placed' && paying) ? (
        // The payment is being charged (by this page or another of this viewer's): one charge, one click.
        <button type="button" className="primary" data-testid="pay" aria-busy="true" disabled>
          {t('product.paying')}
        </button>
      ) : ownOrder?.status === 'placed' ? (
        <button type="button" className="primary" data-testid="pay" onClick={pay}>
          {t('product.pay', { amount: formatMoney(ownOrder.amountMinor, ownOrder.currency, i18n.language) })}
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          data-testid="buy"
          disabled={pinned.stock === 0}
          onClick={buy}
        >
          {t('product.buy')}
        </button>
      )}
      {error && (
        <span className="banner banner-error" role="alert">
          {t('product.error', { message: error })}
        </span>
      )}
      {tryOnAsset && <TryItOn assetId={tryOnAsset} />}
    </section>
  );
}
