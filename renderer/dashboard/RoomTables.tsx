// One room's tables: the funnel over the stream, the product table and the viewer-language split.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpsRoomView, RollupBucket, RoomMetrics } from '../../core/protocol/analytics-events';
import type { Order, Product } from '../../core/protocol/room-events';
import { productTitle } from '../shared/format';
import { formatDuration } from './board-model';
import { formatters } from '../shared/formatters';
import { formatMoneyMap } from '../shared/money';
import { funnel, languageSplit, productRows } from './room-model';

export function Funnel({ total, orders }: { total: RoomMetrics; orders: Record<string, Order> }) {
  const { t, i18n } = useTranslation('dashboard');
  const f = formatters(i18n.language);
  const paid = Object.values(orders).filter((o) => o.status === 'paid').length;
  const rows = funnel(total, paid);
  const top = Math.max(1, rows[0]!.count);
  return (
    <section className="card" aria-labelledby="funnel-heading">
      <h2 id="funnel-heading">{t('funnel.heading')}</h2>
      <ol className="funnel" data-testid="funnel">
        {rows.map((r) => (
          <li key={r.step} data-testid={`funnel-${r.step}`} data-count={r.count}>
            <span className="funnel-label">{t(`funnel.${r.step}`)}</span>
            <span className="funnel-bar" aria-hidden="true">
              <span style={{ transform: `scaleX(${Math.min(1, r.count / top)})` }} />
            </span>
            <strong className="num">{f.int(r.count)}</strong>
            <span className="muted num">
              {r.fromPrevious === null
                ? t('funnel.noRate')
                : t('funnel.fromPrevious', { rate: f.percent(r.fromPrevious) })}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ProductTable({
  buckets,
  pins,
  products,
}: {
  buckets: RollupBucket[];
  pins: OpsRoomView['pins'];
  products: Product[];
}) {
  const { t, i18n } = useTranslation('dashboard');
  const lang = i18n.language;
  const f = formatters(lang);
  const rows = useMemo(
    () =>
      productRows(
        buckets,
        pins,
        products.map((p) => ({ id: p.id, title: productTitle(p, lang), stock: p.stock })),
        Date.now(),
      ),
    [buckets, pins, products, lang],
  );
  return (
    <section className="card table-card" aria-labelledby="products-heading">
      <h2 id="products-heading">{t('products.heading')}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('products.empty')}</p>
      ) : (
        <table className="data-table" data-testid="product-table">
          <thead>
            <tr>
              {(
                ['product', 'presented', 'impressions', 'clicks', 'ctr', 'orders', 'gmv', 'stock'] as const
              ).map((k) => (
                <th key={k} scope="col">
                  {t(`products.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.productId} data-testid="product-row" data-product-id={r.productId}>
                <th scope="row">{r.title}</th>
                <td className="num">
                  {t('products.presentedValue', {
                    count: r.presented,
                    duration: formatDuration(r.presentedMs),
                  })}
                </td>
                <td className="num">{f.int(r.impressions)}</td>
                <td className="num">{f.int(r.clicks)}</td>
                <td className="num">{f.percent(r.ctr)}</td>
                <td className="num">{f.int(r.orders)}</td>
                <td className="num">{formatMoneyMap(r.gmvPlaced, lang)}</td>
                <td className="num" data-testid="product-stock">
                  {r.stock === null ? '–' : r.stock === 0 ? t('products.soldOut') : f.int(r.stock)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function LanguageSplit({ buckets }: { buckets: RollupBucket[] }) {
  const { t, i18n } = useTranslation('dashboard');
  const f = formatters(i18n.language);
  const rows = useMemo(() => languageSplit(buckets), [buckets]);
  return (
    <section className="card table-card" aria-labelledby="languages-heading">
      <h2 id="languages-heading">{t('languages.heading')}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t('languages.empty')}</p>
      ) : (
        <table className="data-table" data-testid="language-table">
          <thead>
            <tr>
              <th scope="col">{t('languages.lang')}</th>
              <th scope="col">{t('languages.online')}</th>
              <th scope="col">{t('languages.share')}</th>
              <th scope="col">{t('languages.orders')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.lang}>
                <th scope="row">{r.lang === 'und' ? t('languages.unknown') : r.lang}</th>
                <td className="num">{f.int(r.online)}</td>
                <td className="num">{f.percent(r.share)}</td>
                <td className="num">{f.int(r.orders)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
