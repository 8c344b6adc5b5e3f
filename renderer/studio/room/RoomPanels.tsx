// The host's view of the room: live comments with moderation, the product shelf, and the order ticker.
// Every text from viewers is rendered as a React text node: it can never become markup.
import { useEffect, useId, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { captionLanguageFor } from '../../../core/protocol/captions';
import { StudioError } from '../../../core/protocol/result';
import {
  INTENT_TAGS,
  SENTIMENT_LABELS,
  type CommentWire,
  type HostAction,
  type IntentTag,
  type Product,
  type SentimentLabel,
} from '../../../core/protocol/room-events';
import { AR_ASSET_IDS, arAsset, arAssetNameKey } from '../../ar/ar-assets';
import { selectTryOn, useTryOnStore } from '../../ar/try-on-store';
import { getStudio } from '../../bridge/studio-bridge';
import type { RoomClient } from '../../media/room-client';
import { CommentList } from '../../shared/CommentList';
import { formatMoney, newKey, primaryPrice, productTitle } from '../../shared/format';
import { ReasonedButton } from '../../shared/ReasonedButton';
import { selectLive, selectRoom, useStudioStore } from '../../stores/studio-store';
import { studioTryOn } from '../live/studio-try-on';
import { needsTranslation } from './comment-translations';
import { afterSuccess, EMPTY_PRODUCT_DRAFT, readProductDraft, type ProductDraft } from './form-drafts';
import { useRoomAction } from './room-action';
import { commentTranslator } from './room-feed';

/** Why a control's last request failed, under the control, until it is tried again. */
function ActionError({ message, hint, testId }: { message: string | null; hint?: string; testId: string }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {message}
      {hint && <span className="form-error-hint">{hint}</span>}
    </p>
  );
}

/** The one line that says why a row of buttons (pin, refund, moderation) is disabled for now. */
function RowReason({ id, reason, testId }: { id: string; reason: string | null; testId: string }) {
  if (!reason) return null;
  return (
    <p id={id} className="disabled-reason" data-testid={testId}>
      {reason}
    </p>
  );
}

function InsightBadges({ comment }: { comment: CommentWire }) {
  const { t } = useTranslation('studio');
  if (!comment.x) return null;
  return (
    <span className="comment-insight" data-testid="comment-insight" data-sentiment={comment.x.s}>
      <span
        className={`sentiment-dot sentiment-${comment.x.s}`}
        title={t(`room.sentiment.${comment.x.s}`)}
        aria-label={t(`room.sentiment.${comment.x.s}`)}
      />
      {comment.x.i.map((tag) => (
        <span key={tag} className="badge intent-badge" data-testid="intent-badge">
          {t(`room.intents.${tag}`)}
        </span>
      ))}
    </span>
  );
}

/**
 * The comment in the host's language, on a line under it: only once a translation exists. While it comes,
 * or when there is none (no translator for that language), nothing is drawn here; the Captions card says
 * once why comments are not translated.
 */
function CommentTranslation({ comment, target }: { comment: CommentWire; target: string }) {
  useSyncExternalStore(commentTranslator.subscribe, commentTranslator.getVersion);
  const entry = commentTranslator.get(target, comment.id);
  if (entry?.state !== 'done') return null;
  return (
    <span className="comment-translation" data-testid={`comment-translation-${comment.id}`} lang={target}>
      {entry.text}
    </span>
  );
}

/** One comment filter: "All" or one of `options`, labelled from `<labels>.<option>`. */
function FilterSelect<T extends string>(props: {
  name: 'intent' | 'sentiment';
  options: readonly T[];
  labels: string;
  value: T | '';
  onChange: (value: T | '') => void;
}) {
  const { t } = useTranslation('studio');
  return (
    <label>
      <span>{t(`room.filter.${props.name}`)}</span>
      <select
        data-testid={`filter-${props.name}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T | '')}
      >
        <option value="">{t('room.filter.all')}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {t(`${props.labels}.${o}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CommentsPanel() {
  const { t, i18n } = useTranslation('studio');
  const { comments: all, shed } = useStudioStore(selectRoom);
  const spoken = useStudioStore((s) => s.captions.settings?.sourceLang ?? null);
  // Translations go into the interface language; comments in it or in the spoken language need none.
  const target = captionLanguageFor(i18n.resolvedLanguage ?? i18n.language) ?? 'en';
  const readerLanguages = spoken ? [target, spoken] : [target];
  useEffect(() => {
    const readers = spoken ? [target, spoken] : [target];
    const wanted = all.filter((c) => needsTranslation(c, readers));
    if (wanted.length > 0) commentTranslator.request(target, wanted);
  }, [all, target, spoken]);
  const sending = useRoomAction();
  const moderating = useRoomAction();
  const modReasonId = useId();
  const [text, setText] = useState('');
  const [intent, setIntent] = useState<IntentTag | ''>('');
  const [sentiment, setSentiment] = useState<SentimentLabel | ''>('');
  const comments =
    intent || sentiment
      ? all.filter((c) => (!intent || c.x?.i.includes(intent)) && (!sentiment || c.x?.s === sentiment))
      : all;
  const sendReason = sending.busy
    ? t('room.comments.sending')
    : !text.trim()
      ? t('room.comments.needText')
      : null;
  const send = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (sendReason || !body) return;
    const sent = text;
    // The text stays in the box until the backend took it; what was typed meanwhile is kept.
    void sending
      .run((c, roomId) => c.request('comment:send', { roomId, text: body, clientId: newKey() }))
      .then((ok) => ok && setText((now) => afterSuccess(now, sent, '')));
  };
  const modReason = moderating.busy ? t('room.comments.moderating') : null;
  return (
    <section className="card comments-card" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('room.comments.heading')}</h2>
      {shed > 0 && <p className="muted">{t('room.comments.shed', { count: shed })}</p>}
      <div className="controls comment-filters">
        <FilterSelect
          name="intent"
          options={INTENT_TAGS}
          labels="room.intents"
          value={intent}
          onChange={setIntent}
        />
        <FilterSelect
          name="sentiment"
          options={SENTIMENT_LABELS}
          labels="room.sentiment"
          value={sentiment}
          onChange={setSentiment}
        />
      </div>
      <RowReason id={modReasonId} reason={modReason} testId="moderation-busy" />
      <ActionError
        message={moderating.error && t('room.comments.moderationFailed', { message: moderating.error })}
        testId="moderation-error"
      />
      <CommentList
        comments={comments}
        badges={(c) => <InsightBadges comment={c} />}
        below={(c) =>
          needsTranslation(c, readerLanguages) ? <CommentTranslation comment={c} target={target} /> : null
        }
        hostLabel={t('room.comments.host')}
        listTestId="studio-comments"
        itemTestId="studio-comment"
        empty={t('room.comments.empty')}
        actions={(c) =>
          c.k === 'v' && (
            <span className="comment-actions">
              <ReasonedButton
                reason={modReason}
                reasonId={modReasonId}
                onClick={() =>
                  void moderating.run((cl, roomId) =>
                    cl.request('mod:action', { roomId, action: 'deleteComment', commentId: c.id }),
                  )
                }
              >
                {t('room.comments.delete')}
              </ReasonedButton>
              <ReasonedButton
                reason={modReason}
                reasonId={modReasonId}
                onClick={() =>
                  void moderating.run((cl, roomId) =>
                    cl.request('mod:action', { roomId, action: 'mute', userId: c.a }),
                  )
                }
              >
                {t('room.comments.mute')}
              </ReasonedButton>
              <ReasonedButton
                reason={modReason}
                reasonId={modReasonId}
                onClick={() =>
                  void moderating.run((cl, roomId) =>
                    cl.request('mod:action', { roomId, action: 'ban', userId: c.a }),
                  )
                }
              >
                {t('room.comments.ban')}
              </ReasonedButton>
            </span>
          )
        }
      />
      <form className="comment-form" onSubmit={send}>
        <input
          data-testid="studio-comment-input"
          value={text}
          maxLength={200}
          placeholder={t('room.comments.placeholder')}
          aria-label={t('room.comments.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <ReasonedButton type="submit" testId="studio-comment-send" reason={sendReason}>
          {t('room.comments.send')}
        </ReasonedButton>
      </form>
      <ActionError
        message={sending.error && t('room.comments.sendFailed', { message: sending.error })}
        hint={t('room.comments.keptHint')}
        testId="comment-send-error"
      />
      <ModerationForm />
    </section>
  );
}

function ModerationForm() {
  const { t } = useTranslation('studio');
  const applying = useRoomAction();
  const [slow, setSlow] = useState('0');
  const [words, setWords] = useState('');
  return (
    <form
      className="controls"
      onSubmit={(e) => {
        e.preventDefault();
        if (applying.busy) return;
        const list = words
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean);
        // The fields keep what the host typed: they are the room's rules as the host set them.
        void applying.run(async (c, roomId) => {
          await c.request('mod:action', {
            roomId,
            action: 'slowMode',
            seconds: Math.max(0, Math.min(600, Number(slow) || 0)),
          });
          if (list.length) await c.request('mod:action', { roomId, action: 'blockWords', words: list });
        });
      }}
    >
      <label>
        <span>{t('room.moderation.slowMode')}</span>
        <input type="number" min={0} max={600} value={slow} onChange={(e) => setSlow(e.target.value)} />
      </label>
      <label>
        <span>{t('room.moderation.blockWords')}</span>
        <input value={words} onChange={(e) => setWords(e.target.value)} />
      </label>
      <span className="form-submit">
        <ReasonedButton
          type="submit"
          testId="moderation-apply"
          reason={applying.busy ? t('room.moderation.applying') : null}
        >
          {t('room.moderation.apply')}
        </ReasonedButton>
      </span>
      <ActionError
        message={applying.error && t('room.moderation.failed', { message: applying.error })}
        testId="moderation-apply-error"
      />
    </form>
  );
}

type QueuedAction = DistributiveOmit<HostAction, 'hostKey'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Pin, price and stock go through the studio's outbox: written to disk first, so they are not lost when
 * the network drops, and sent (and shown back through the room feed) when the backend is reachable.
 */
async function queueHostAction(client: RoomClient, action: QueuedAction) {
  const hostKey = client.currentHostKey;
  if (!hostKey) throw new StudioError('forbidden', i18next.t('studio:room.notHost'));
  const result = await getStudio().room.hostAction({ ...action, hostKey } as HostAction);
  if (!result.ok) throw new StudioError(result.error.code, result.error.message);
}

function ProductEditor({ product, onDone }: { product: Product; onDone: () => void }) {
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
      .run((c, roomId) =>
        queueHostAction(c, {
          action: 'product.patch',
          roomId,
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
  const { products } = useStudioStore(selectRoom);
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
    void adding
      .run((c, roomId) => c.request('product:upsert', { roomId, ...fields }))
      .then((ok) => ok && setForm((now) => afterSuccess(now, sent, EMPTY_PRODUCT_DRAFT)));
  };
  const pinReason = pinning.busy ? t('room.products.pinning') : null;
  return (
    <section className="card" aria-labelledby="products-heading">
      <h2 id="products-heading">{t('room.products.heading')}</h2>
      <RowReason id={pinReasonId} reason={pinReason} testId="pin-busy" />
      <ActionError
        message={pinning.error && t('room.products.pinFailed', { message: pinning.error })}
        testId="pin-error"
      />
      <ul className="product-list" data-testid="product-shelf">
        {products.length === 0 && <li className="muted">{t('room.products.empty')}</li>}
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
                  void pinning.run((c, roomId) =>
                    queueHostAction(c, { action: 'product.pin', roomId, productId: p.pinned ? null : p.id }),
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
    </section>
  );
}

export function OrderTicker() {
  const { t, i18n } = useTranslation('studio');
  const { orders, products } = useStudioStore(selectRoom);
  const refunding = useRoomAction();
  const refundReasonId = useId();
  const recent = [...orders].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 20);
  const refundReason = refunding.busy ? t('room.orders.refunding') : null;
  return (
    <section className="card" aria-labelledby="orders-heading">
      <h2 id="orders-heading">{t('room.orders.heading')}</h2>
      <RowReason id={refundReasonId} reason={refundReason} testId="refund-busy" />
      <ActionError
        message={refunding.error && t('room.orders.refundFailed', { message: refunding.error })}
        testId="refund-error"
      />
      <ul className="order-list" data-testid="order-ticker">
        {recent.length === 0 && <li className="muted">{t('room.orders.empty')}</li>}
        {recent.map((o) => {
          const product = products.find((p) => p.id === o.productId);
          return (
            <li key={o.id} data-testid="order" data-status={o.status}>
              {t('room.orders.line', {
                quantity: o.quantity,
                product: product ? productTitle(product, i18n.language) : o.productId.slice(0, 8),
                amount: formatMoney(o.amountMinor, o.currency, i18n.language),
              })}{' '}
              <span className={`order-status order-${o.status}`}>{t(`room.orders.status.${o.status}`)}</span>
              {o.status === 'paid' && (
                <ReasonedButton
                  reason={refundReason}
                  reasonId={refundReasonId}
                  onClick={() =>
                    void refunding.run((c, roomId) => c.request('order:refund', { roomId, orderId: o.id }))
                  }
                >
                  {t('room.orders.refund')}
                </ReasonedButton>
              )}
            </li>
          );
        })}
      </ul>
    </section>
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
