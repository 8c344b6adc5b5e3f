// The host's view of the room: live comments with moderation, the product shelf, and the order ticker.
// Every text from viewers is rendered as a React text node: it can never become markup.
import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
import type { AppInfo } from '../../../core/protocol/studio-api';
import { getStudio } from '../../bridge/studio-bridge';
import { CommentList } from '../../shared/CommentList';
import { formatMoney, newKey, primaryPrice, productTitle } from '../../shared/format';
import { selectInfo, selectLive, selectRoom, useStudioStore } from '../../stores/studio-store';
import { liveSession } from '../live/live-session';
import { studioTryOn } from '../live/studio-try-on';
import { needsTranslation } from './comment-translations';
import { commentTranslator } from './room-feed';

/** The host's app info once it is known, or null after `timeoutMs`. */
function appInfo(timeoutMs: number): Promise<AppInfo | null> {
  const now = useStudioStore.getState().info;
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(null);
    }, timeoutMs);
    const unsubscribe = useStudioStore.subscribe((s) => {
      if (!s.info) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(s.info);
    });
  });
}

function useRoomAction() {
  const { t, i18n } = useTranslation('studio');
  const info = useStudioStore(selectInfo);
  return async (
    action: (client: NonNullable<typeof liveSession.roomClient>, roomId: string) => Promise<unknown>,
  ) => {
    try {
      // A click before the host's app info has arrived waits for it instead of doing nothing.
      const app = info ?? (await appInfo(10_000));
      if (!app) throw new Error(t('room.hostNotReady'));
      const client = await liveSession.ensureRoom(
        app.serverUrl,
        app.hostToken,
        t('live.roomTitleDefault'),
        i18n.language,
      );
      await action(client, client.currentRoomId!);
      useStudioStore.getState().patchRoom({ error: null });
    } catch (error) {
      const message = error instanceof StudioError || error instanceof Error ? error.message : String(error);
      useStudioStore.getState().patchRoom({ error: message });
    }
  };
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

/** The comment in the host's language, under it: muted while it comes, and when it cannot. */
function CommentTranslation({ comment, target }: { comment: CommentWire; target: string }) {
  const { t } = useTranslation('studio');
  useSyncExternalStore(commentTranslator.subscribe, commentTranslator.getVersion);
  const entry = commentTranslator.get(target, comment.id);
  if (!entry) return null;
  return (
    <span
      className={entry.state === 'done' ? 'comment-translation' : 'comment-translation muted'}
      data-testid={`comment-translation-${comment.id}`}
      data-state={entry.state}
      lang={entry.state === 'done' ? target : undefined}
    >
      {entry.state === 'done'
        ? entry.text
        : entry.state === 'pending'
          ? t('room.comments.translating')
          : t('room.comments.translationUnavailable')}
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
  const run = useRoomAction();
  const [text, setText] = useState('');
  const [intent, setIntent] = useState<IntentTag | ''>('');
  const [sentiment, setSentiment] = useState<SentimentLabel | ''>('');
  const comments =
    intent || sentiment
      ? all.filter((c) => (!intent || c.x?.i.includes(intent)) && (!sentiment || c.x?.s === sentiment))
      : all;
  const send = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    void run((c, roomId) => c.request('comment:send', { roomId, text: body, clientId: newKey() }));
  };
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
              <button
                type="button"
                onClick={() =>
                  void run((cl, roomId) =>
                    cl.request('mod:action', { roomId, action: 'deleteComment', commentId: c.id }),
                  )
                }
              >
                {t('room.comments.delete')}
              </button>
              <button
                type="button"
                onClick={() =>
                  void run((cl, roomId) => cl.request('mod:action', { roomId, action: 'mute', userId: c.a }))
                }
              >
                {t('room.comments.mute')}
              </button>
              <button
                type="button"
                onClick={() =>
                  void run((cl, roomId) => cl.request('mod:action', { roomId, action: 'ban', userId: c.a }))
                }
              >
                {t('room.comments.ban')}
              </button>
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
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">{t('room.comments.send')}</button>
      </form>
      <ModerationForm />
    </section>
  );
}

function ModerationForm() {
  const { t } = useTranslation('studio');
  const run = useRoomAction();
  const [slow, setSlow] = useState('0');
  const [words, setWords] = useState('');
  return (
    <form
      className="controls"
      onSubmit={(e) => {
        e.preventDefault();
        const list = words
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean);
        void run(async (c, roomId) => {
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
      <button type="submit">{t('room.moderation.apply')}</button>
    </form>
  );
}

type QueuedAction = DistributiveOmit<HostAction, 'hostKey'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Pin, price and stock go through the studio's outbox: written to disk first, so they are not lost when
 * the network drops, and sent (and shown back through the room feed) when the backend is reachable.
 */
async function queueHostAction(client: NonNullable<typeof liveSession.roomClient>, action: QueuedAction) {
  const hostKey = client.currentHostKey;
  if (!hostKey) throw new StudioError('forbidden', 'This studio does not host the room');
  const result = await getStudio().room.hostAction({ ...action, hostKey } as HostAction);
  if (!result.ok) throw new StudioError(result.error.code, result.error.message);
}

function ProductEditor({ product, onDone }: { product: Product; onDone: () => void }) {
  const { t } = useTranslation('studio');
  const run = useRoomAction();
  // What the host saw when it opened the editor: the backend applies the change only if the product still
  // has these values, so an edit queued offline never overwrites a sale or another edit made meanwhile.
  const [seen] = useState(() => ({ prices: product.prices, stock: product.stock }));
  const [currency, minor] = primaryPrice(product);
  const [price, setPrice] = useState(String(minor / 100));
  const [stock, setStock] = useState(String(product.stock));
  const save = (e: FormEvent) => {
    e.preventDefault();
    const newMinor = Math.round(Number(price) * 100);
    const newStock = Math.floor(Number(stock));
    const priceChanged = seen.prices[currency] !== newMinor;
    const stockChanged = seen.stock !== newStock;
    if (!priceChanged && !stockChanged) {
      onDone();
      return;
    }
    void run(async (c, roomId) => {
      await queueHostAction(c, {
        action: 'product.patch',
        roomId,
        productId: product.id,
        ...(priceChanged ? { prices: { ...seen.prices, [currency]: newMinor } } : {}),
        ...(stockChanged ? { stock: newStock } : {}),
        base: {
          ...(priceChanged ? { prices: seen.prices } : {}),
          ...(stockChanged ? { stock: seen.stock } : {}),
        },
      });
      onDone();
    });
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
      <button type="submit" data-testid="save-product">
        {t('room.products.save')}
      </button>
      <button type="button" onClick={onDone}>
        {t('room.products.cancel')}
      </button>
    </form>
  );
}

export function ProductShelf() {
  const { t, i18n } = useTranslation('studio');
  const { products } = useStudioStore(selectRoom);
  const run = useRoomAction();
  const [form, setForm] = useState({ en: '', zh: '', price: '', stock: '', arAsset: '' });
  const [editing, setEditing] = useState<string | null>(null);
  const tryOn = useTryOnStore(selectTryOn);
  const add = (e: FormEvent) => {
    e.preventDefault();
    const titles: Record<string, string> = {};
    if (form.en.trim()) titles.en = form.en.trim();
    if (form.zh.trim()) titles['zh-CN'] = form.zh.trim();
    const price = Math.round(Number(form.price) * 100);
    const stock = Math.floor(Number(form.stock));
    void run(async (c, roomId) => {
      await c.request('product:upsert', {
        roomId,
        titles,
        prices: { USD: price },
        stock,
        arAsset: form.arAsset || null,
      });
      setForm({ en: '', zh: '', price: '', stock: '', arAsset: '' });
    });
  };
  return (
    <section className="card" aria-labelledby="products-heading">
      <h2 id="products-heading">{t('room.products.heading')}</h2>
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
              <button
                type="button"
                data-testid={p.pinned ? 'unpin-product' : 'pin-product'}
                onClick={() =>
                  void run((c, roomId) =>
                    queueHostAction(c, { action: 'product.pin', roomId, productId: p.pinned ? null : p.id }),
                  )
                }
              >
                {p.pinned ? t('room.products.unpin') : t('room.products.pin')}
              </button>
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
      <form className="controls" onSubmit={add}>
        <label>
          <span>{t('room.products.titleEn')}</span>
          <input
            data-testid="product-title-en"
            value={form.en}
            maxLength={120}
            onChange={(e) => setForm({ ...form, en: e.target.value })}
          />
        </label>
        <label>
          <span>{t('room.products.titleZh')}</span>
          <input value={form.zh} maxLength={120} onChange={(e) => setForm({ ...form, zh: e.target.value })} />
        </label>
        <label>
          <span>{t('room.products.price')}</span>
          <input
            data-testid="product-price"
            type="number"
            min={0}
            step="0.01"
            value={form.price}
            onChange={(e) => setForm({ ...form, price: e.target.value })}
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
            onChange={(e) => setForm({ ...form, stock: e.target.value })}
          />
        </label>
        <label>
          <span>{t('live.tryOn.asset')}</span>
          <select
            data-testid="product-ar-asset"
            value={form.arAsset}
            onChange={(e) => setForm({ ...form, arAsset: e.target.value })}
          >
            <option value="">{t('live.tryOn.noneAsset')}</option>
            {AR_ASSET_IDS.map((id) => (
              <option key={id} value={id}>
                {t(arAssetNameKey(id), { ns: 'common' })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="add-product">
          {t('room.products.add')}
        </button>
      </form>
    </section>
  );
}

export function OrderTicker() {
  const { t, i18n } = useTranslation('studio');
  const { orders, products } = useStudioStore(selectRoom);
  const run = useRoomAction();
  const recent = [...orders].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 20);
  return (
    <section className="card" aria-labelledby="orders-heading">
      <h2 id="orders-heading">{t('room.orders.heading')}</h2>
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
                <button
                  type="button"
                  onClick={() =>
                    void run((c, roomId) => c.request('order:refund', { roomId, orderId: o.id }))
                  }
                >
                  {t('room.orders.refund')}
                </button>
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
