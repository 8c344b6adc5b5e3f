// The product shelf: add, pin, edit price and stock, try on. Every change goes through the studio's
// outbox (the room session's queue): written to disk first, so it is not lost when the network drops, and shown
// back through the room feed once the backend applied it; a product added meanwhile is a row marked queued.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type Product } from '../../../core/protocol/room-events';
import { AR_ASSET_IDS, arAsset, arAssetNameKey } from '../../ar/ar-assets';
import { selectTryOn, useTryOnStore } from '../../ar/try-on-store';
import { formatMoney, newKey, primaryPrice, productTitle } from '../../shared/format';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { selectRoom, useStudioStore } from '../../stores/studio-store';
import { useStudioServices } from '../services/services-context';
import { afterSuccess, EMPTY_PRODUCT_DRAFT, readProductDraft, type ProductDraft } from './form-drafts';
import { pendingProducts, type PendingHostAction } from './pending-actions';
import { useRoomAction } from './room-action';
import { ActionError, PendingBadge, RowReason } from './action-feedback';

/** A product on its way to the room: what the host typed, marked queued or sent. */
function PendingProduct({ pending }: { pending: PendingHostAction }) {
  const { t, i18n } = useTranslation('studio');
  const product = pending.product!;
  const [currency, minor] = primaryPrice(product);
  return (
    <li className="product product-pending" data-testid="pending-product">
      <span className="product-title">{productTitle(product, i18n.language)}</span>
      <span>{formatMoney(minor, currency, i18n.language)}</span>
      <span className="muted">{t('room.products.inStock', { count: product.stock })}</span>
      <PendingBadge pending={pending} />
    </li>
  );
}

function ProductEditor({ product, onDone }: { product: Product; onDone: () => void }) {
  const { room } = useStudioServices();
  const { t } = useTranslation('studio');
  const saving = useRoomAction();
  // What the host saw when it opened the editor: the backend applies the change only if the product still
  // has these values, so an edit queued offline never overwrites a sale or another edit made meanwhile.
  const [seen] = useState(() => ({ prices: product.prices, stock: product.stock }));
  const [currency, minor] = primaryPrice(product);
  const [price, setPrice] = useState(String(minor / 100));
  const [stock, setStock] = useState(String(product.stock));
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (saving.busy) return;
    const newMinor = Math.round(Number(price) * 100);
    const newStock = Math.floor(Number(stock));
    const priceChanged = seen.prices[currency] !== newMinor;
    const stockChanged = seen.stock !== newStock;
    if (!priceChanged && !stockChanged) {
      onDone();
      return;
    }
    // The editor stays open with the typed values until the change is queued; a failure says why.
    void saving
      .run(() =>
        room.queue({
          action: 'product.patch',
          productId: product.id,
          ...(priceChanged ? { prices: { ...seen.prices, [currency]: newMinor } } : {}),
          ...(stockChanged ? { stock: newStock } : {}),
          base: {
            ...(priceChanged ? { prices: seen.prices } : {}),
            ...(stockChanged ? { stock: seen.stock } : {}),
          },
        }),
      )
      .then((ok) => ok && onDone());
  };
  return (
    <form className="controls product-editor" onSubmit={save} data-testid="product-editor">
      <label>
        <span>{t('room.products.priceIn', { currency })}</span>
        <input
          data-testid="edit-price"
          type="number"
          min={0}
          step="0.01"
          required
          value={price}
          onChange={(e) => setPrice(e.target.value)}
        />
      </label>
      <label>
        <span>{t('room.products.stock')}</span>
        <input
          data-testid="edit-stock"
          type="number"
          min={0}
          step={1}
          required
          value={stock}
          onChange={(e) => setStock(e.target.value)}
        />
      </label>
      <span className="form-submit">
        <ReasonedButton
          type="submit"
          testId="save-product"
          reason={saving.busy ? t('room.products.saving') : null}
        >
          {t('room.products.save')}
        </ReasonedButton>
      </span>
      <button type="button" onClick={onDone}>
        {t('room.products.cancel')}
      </button>
      <ActionError
        message={saving.error && t('room.products.saveFailed', { message: saving.error })}
        testId="save-product-error"
      />
    </form>
  );
}

export function ProductShelf() {
  const { t, i18n } = useTranslation('studio');
  const { tryOn: studioTryOn, room } = useStudioServices();
  const { products, pending } = useStudioStore(selectRoom);
  const onTheirWay = pendingProducts(pending, products);
  const adding = useRoomAction();
  const pinning = useRoomAction();
  const pinReasonId = useId();
  const [form, setForm] = useState<ProductDraft>(EMPTY_PRODUCT_DRAFT);
  const [sentTitle, setSentTitle] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const tryOn = useTryOnStore(selectTryOn);
  // Updates merge into the latest draft, never into the one this render saw.
  const edit = (patch: Partial<ProductDraft>) => setForm((now) => ({ ...now, ...patch }));
  const draft = readProductDraft(form);
  const addReason = adding.busy
    ? t('room.products.adding', { title: sentTitle })
    : draft.ok
      ? null
      : t(`room.products.${draft.problem}`);
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (adding.busy || !draft.ok) return;
    const sent = form;
    const fields = draft.value;
    setSentTitle(fields.titles.en ?? fields.titles['zh-CN'] ?? '');
    // The form keeps what was typed until the backend has the product: a failure leaves it to fix and send
    // again, and a success empties it only if the host has not started typing the next product meanwhile.
    // The studio names the product, so the outbox sending it twice (a lost acknowledgement) adds it once.
    void adding
      .run(() => room.queue({ action: 'product.upsert', id: newKey(), ...fields }))
      .then((ok) => ok && setForm((now) => afterSuccess(now, sent, EMPTY_PRODUCT_DRAFT)));
  };
  const pinReason = pinning.busy ? t('room.products.pinning') : null;
  return (
    <div className="products-panel">
      <RowReason id={pinReasonId} reason={pinReason} testId="pin-busy" />
      <ActionError
        message={pinning.error && t('room.products.pinFailed', { message: pinning.error })}
        testId="pin-error"
      />
      <ul className="product-list" data-testid="product-shelf">
        {products.length === 0 && onTheirWay.length === 0 && (
          <li className="muted">{t('room.products.empty')}</li>
        )}
        {products.map((p) => {
          const [currency, minor] = primaryPrice(p);
          return (
            <li
              key={p.id}
              className={p.pinned ? 'product product-pinned' : 'product'}
              data-testid="shelf-product"
            >
              <span className="product-title">
                {p.pinned && <span className="badge">{t('room.products.pinned')}</span>}
                {productTitle(p, i18n.language)}
              </span>
              <span>{formatMoney(minor, currency, i18n.language)}</span>
              <span className="muted" data-testid="shelf-stock">
                {p.stock > 0 ? t('room.products.inStock', { count: p.stock }) : t('room.products.soldOut')}
              </span>
              <ReasonedButton
                testId={p.pinned ? 'unpin-product' : 'pin-product'}
                reason={pinReason}
                reasonId={pinReasonId}
                onClick={() =>
                  void pinning.run(() =>
                    room.queue({ action: 'product.pin', productId: p.pinned ? null : p.id }),
                  )
                }
              >
                {p.pinned ? t('room.products.unpin') : t('room.products.pin')}
              </ReasonedButton>
              <button
                type="button"
                data-testid="edit-product"
                aria-expanded={editing === p.id}
                onClick={() => setEditing(editing === p.id ? null : p.id)}
              >
                {t('room.products.edit')}
              </button>
              {p.pinned && arAsset(p.arAsset) && (
                <button
                  type="button"
                  data-testid="shelf-try-on"
                  aria-pressed={tryOn.enabled}
                  title={t('live.tryOn.toggleTitle')}
                  onClick={() => void studioTryOn.toggle()}
                >
                  {t('live.tryOn.toggle')}
                </button>
              )}
              {editing === p.id && <ProductEditor product={p} onDone={() => setEditing(null)} />}
            </li>
          );
        })}
        {onTheirWay.map((p) => (
          <PendingProduct key={p.id} pending={p} />
        ))}
      </ul>
      <form className="controls" onSubmit={add} data-testid="product-form">
        <label>
          <span>{t('room.products.titleEn')}</span>
          <input
            data-testid="product-title-en"
            value={form.en}
            maxLength={120}
            onChange={(e) => edit({ en: e.target.value })}
          />
        </label>
        <label>
          <span>{t('room.products.titleZh')}</span>
          <input
            data-testid="product-title-zh"
            value={form.zh}
            maxLength={120}
            onChange={(e) => edit({ zh: e.target.value })}
          />
        </label>
        <label>
          <span>{t('room.products.price')}</span>
          <input
            data-testid="product-price"
            type="number"
            min={0}
            step="0.01"
            value={form.price}
            onChange={(e) => edit({ price: e.target.value })}
          />
        </label>
        <label>
          <span>{t('room.products.stock')}</span>
          <input
            data-testid="product-stock"
            type="number"
            min={0}
            step={1}
            value={form.stock}
            onChange={(e) => edit({ stock: e.target.value })}
          />
        </label>
        <label>
          <span>{t('room.products.margin')}</span>
          <input
            data-testid="product-margin"
            type="number"
            min={0}
            max={100}
            step="0.1"
            value={form.margin}
            title={t('room.products.marginHint')}
            onChange={(e) => edit({ margin: e.target.value })}
          />
        </label>
        <label>
          <span>{t('live.tryOn.asset')}</span>
          <select
            data-testid="product-ar-asset"
            value={form.arAsset}
            onChange={(e) => edit({ arAsset: e.target.value })}
          >
            <option value="">{t('live.tryOn.noneAsset')}</option>
            {AR_ASSET_IDS.map((id) => (
              <option key={id} value={id}>
                {t(arAssetNameKey(id), { ns: 'common' })}
              </option>
            ))}
          </select>
        </label>
        <span className="form-submit">
          <ReasonedButton type="submit" testId="add-product" reason={addReason}>
            {t('room.products.add')}
          </ReasonedButton>
        </span>
        <ActionError
          message={adding.error && t('room.products.addFailed', { message: adding.error })}
          hint={t('room.products.keptHint')}
          testId="add-product-error"
        />
      </form>
    </div>
  );
}
