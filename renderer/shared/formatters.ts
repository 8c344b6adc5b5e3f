// Number formats for live figures, made once per language (Intl formatters are costly to create and 200
// tiles format every second).
export interface Formatters {
  int(n: number): string;
  percent(ratio: number): string;
  decimal(n: number): string;
  time(ms: number): string;
  /** A count without grouping separators, e.g. a pixel size (1080, not 1,080). */
  plain(n: number): string;
  /** A duration in milliseconds with the language's unit ("120 ms"). */
  ms(n: number): string;
}

const cache = new Map<string, Formatters>();

export function formatters(language: string): Formatters {
  let f = cache.get(language);
  if (!f) {
    const int = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    const pct = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
    const dec = new Intl.NumberFormat(language, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
    const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const plain = new Intl.NumberFormat(language, { maximumFractionDigits: 0, useGrouping: false });
    const ms = new Intl.NumberFormat(language, {
      style: 'unit',
      unit: 'millisecond',
      maximumFractionDigits: 0,
    });
    f = {
      int: (n) => int.format(n),
      percent: (r) => pct.format(r),
      decimal: (n) => dec.format(n),
      time: (t) => time.format(t),
      plain: (n) => plain.format(n),
      ms: (n) => ms.format(n),
    };
    cache.set(language, f);
  }
  return f;
}
