// Number formats for live figures, made once per language (Intl formatters are costly to create and 200
// tiles format every second).
export interface Formatters {
  int(n: number): string;
  percent(ratio: number): string;
  decimal(n: number): string;
  time(ms: number): string;
}

const cache = new Map<string, Formatters>();

export function formatters(language: string): Formatters {
  let f = cache.get(language);
  if (!f) {
    const int = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    const pct = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
    const dec = new Intl.NumberFormat(language, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
    const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    f = {
      int: (n) => int.format(n),
      percent: (r) => pct.format(r),
      decimal: (n) => dec.format(n),
      time: (ms) => time.format(ms),
    };
    cache.set(language, f);
  }
  return f;
}
