// The order ticker (refunds on paid orders, cancelling unpaid ones, both through the outbox) and the room's
// error banner.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, productTitle } from '../../shared/format';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { selectLive, selectRoom, useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';
import { pendingOn } from './pending-actions';
import { useRoomAction } from './room-action';
import { ActionError, PendingBadge, RowReason } from './action-feedback';

export function OrderTicker() {
  const { t, i18n } = useTranslation('studio');
  const { orders, products, pending } = useStudioStore(selectRoom);
  const { room } = useStudioServices();
  const refunding = useRoomAction();
  const cancelling = useRoomAction();
  const refundReasonId = useId();
  const recent = [...orders].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 20);
  const refundReason = refunding.busy
    ? t('room.orders.refunding')
    : cancelling.busy
      ? t('room.orders.cancelling')
      : null;
  return (
    <div className="orders-panel">
      <RowReason id={refundReasonId} reason={refundReason} testId="refund-busy" />
      <ActionError
        message={refunding.error && t('room.orders.refundFailed', { message: refunding.error })}
        testId="refund-error"
      />
      <ActionError
        message={cancelling.error && t('room.orders.cancelFailed', { message: cancelling.error })}
        testId="cancel-order-error"
      />
      <ul className="order-list" data-testid="order-ticker">
        {recent.length === 0 && <li className="muted">{t('room.orders.empty')}</li>}
        {recent.map((o) => {
          const product = products.find((p) => p.id === o.productId);
          // Shown until the order changes: a refund or cancel queued for it is not asked for twice.
          const queued = pendingOn(pending, ['order.refund', 'order.cancel'], o.id);
          const open = (o.status === 'paid' || o.status === 'placed') && !queued;
          return (
            <li key={o.id} data-testid="order" data-status={o.status}>
              {t('room.orders.line', {
                quantity: o.quantity,
                product: product ? productTitle(product, i18n.language) : o.productId.slice(0, 8),
                amount: formatMoney(o.amountMinor, o.currency, i18n.language),
              })}{' '}
              <span className={`order-status order-${o.status}`}>{t(`room.orders.status.${o.status}`)}</span>
              {open && o.status === 'paid' && (
                <ReasonedButton
                  testId="refund-order"
                  reason={refundReason}
                  reasonId={refundReasonId}
                  onClick={() =>
                    void refunding.run(() => room.queue({ action: 'order.refund', orderId: o.id }))
                  }
                >
                  {t('room.orders.refund')}
                </ReasonedButton>
              )}
              {open && o.status === 'placed' && (
                <ReasonedButton
                  testId="cancel-order"
                  reason={refundReason}
                  reasonId={refundReasonId}
                  onClick={() =>
                    void cancelling.run(() => room.queue({ action: 'order.cancel', orderId: o.id }))
                  }
                >
                  {t('room.orders.cancel')}
                </ReasonedButton>
              )}
              {o.status !== 'refunded' && o.status !== 'cancelled' && <PendingBadge pending={queued} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function RoomError() {
  const { t } = useTranslation('studio');
  const { error } = useStudioStore(selectRoom);
  const live = useStudioStore(selectLive);
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="room-error" data-room={live.roomId ?? ''}>
      {t('room.error', { message: error })}
    </div>
  );
}
