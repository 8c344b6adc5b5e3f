// Money and product titles for display in the reader's language.
import type { Product } from '../../core/protocol/room-events';

export function formatMoney(minor: number, currency: string, language: string): string {
  const format = new Intl.NumberFormat(language, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

export function productTitle(product: Pick<Product, 'titles'>, language: string): string {
  const base = language.split('-')[0]!;
  return (
    product.titles[language] ??
    product.titles[base] ??
    Object.entries(product.titles).find(([k]) => k.startsWith(base))?.[1] ??
    product.titles.en ??
    Object.values(product.titles)[0] ??
    ''
  );
}

/** The product's price in the first currency it has (a viewer-chosen currency comes later). */
export function primaryPrice(product: Pick<Product, 'prices'>): [string, number] {
  return Object.entries(product.prices)[0] ?? ['USD', 0];
}

export function newKey(): string {
  return crypto.randomUUID();
}
