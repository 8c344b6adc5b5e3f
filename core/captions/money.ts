// Prices in captions: how hosts say an amount and its currency in each language (¥199, 199元,
// 一百九十九块, $27.99, 25,99 €), read into minor units; and how each viewer's language writes money.
import type { CaptionLanguage } from '../protocol/captions';
import { isSpacedWordChar, WORD_START } from '../text';

/** How the host names a currency, spoken or written, folded (lower case). null: ¥, which is CNY or JPY. */
const CURRENCY_PREFIX: Record<string, string | null> = {
  us$: 'USD',
  usd: 'USD',
  $: 'USD',
  '€': 'EUR',
  eur: 'EUR',
  '¥': null,
  rmb: 'CNY',
  cny: 'CNY',
  jpy: 'JPY',
  '₩': 'KRW',
  krw: 'KRW',
  rp: 'IDR',
  idr: 'IDR',
  r$: 'BRL',
  brl: 'BRL',
  '£': 'GBP',
  gbp: 'GBP',
  sar: 'SAR',
  aed: 'AED',
};
const CURRENCY_SUFFIX: Record<string, string | null> = {
  元: 'CNY',
  块钱: 'CNY',
  块: 'CNY',
  塊: 'CNY',
  人民币: 'CNY',
  rmb: 'CNY',
  cny: 'CNY',
  yuan: 'CNY',
  円: 'JPY',
  日元: 'JPY',
  yen: 'JPY',
  jpy: 'JPY',
  美元: 'USD',
  美金: 'USD',
  dollars: 'USD',
  dollar: 'USD',
  usd: 'USD',
  ドル: 'USD',
  달러: 'USD',
  dólares: 'USD',
  dólar: 'USD',
  dolares: 'USD',
  '€': 'EUR',
  euros: 'EUR',
  euro: 'EUR',
  eur: 'EUR',
  欧元: 'EUR',
  ユーロ: 'EUR',
  유로: 'EUR',
  원: 'KRW',
  won: 'KRW',
  韩元: 'KRW',
  ウォン: 'KRW',
  krw: 'KRW',
  rupiah: 'IDR',
  idr: 'IDR',
  印尼盾: 'IDR',
  reais: 'BRL',
  brl: 'BRL',
  '£': 'GBP',
  pounds: 'GBP',
  gbp: 'GBP',
  英镑: 'GBP',
  riyals: 'SAR',
  riyal: 'SAR',
  sar: 'SAR',
  ريال: 'SAR',
  دولار: 'USD',
  يورو: 'EUR',
  '¥': null,
};
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (keys: string[]) =>
  [...keys]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');
const HAN_DIGITS = '零〇一二两三四五六七八九';
const HAN_NUMBER = `[${HAN_DIGITS}十百千万亿]+(?:点[${HAN_DIGITS}]+)?`;
const moneyPatterns = new Map<string, RegExp>();

/** Money expressions; only French and Portuguese group thousands with spaces (1 999 €). */
function moneyPattern(lang: CaptionLanguage): RegExp {
  const spaced = lang === 'fr' || lang === 'pt';
  let re = moneyPatterns.get(spaced ? 'spaced' : 'plain');
  if (!re) {
    const group = spaced ? "[,. ']" : "[,.']";
    const num = `\\d{1,3}(?:${group}\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?`;
    re = new RegExp(
      `${WORD_START}(?:(${alternation(Object.keys(CURRENCY_PREFIX))})\\s?(${num}|${HAN_NUMBER})(?![\\d])` +
        `|(${num}|${HAN_NUMBER})\\s?(${alternation(Object.keys(CURRENCY_SUFFIX))}))`,
      'gu',
    );
    moneyPatterns.set(spaced ? 'spaced' : 'plain', re);
  }
  return re;
}
const HAN_TAIL = new RegExp(
  `^(?:([${HAN_DIGITS}\\d])\\s?[毛角](?:\\s?([${HAN_DIGITS}\\d])\\s?分?)?|([${HAN_DIGITS}\\d])(?![\\p{L}\\p{N}]))`,
  'u',
);

function parseNumber(s: string): number | null {
  if (/^[\d.,' ]+$/.test(s)) {
    const compact = s.replace(/ /g, '');
    const last = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
    const decimals = last >= 0 ? compact.length - last - 1 : 0;
    const value =
      last >= 0 && decimals <= 2
        ? Number(`${compact.slice(0, last).replace(/[.,']/g, '')}.${compact.slice(last + 1)}`)
        : Number(compact.replace(/[.,']/g, ''));
    return Number.isFinite(value) ? value : null;
  }
  return parseHanNumber(s);
}

const HAN_DIGIT_VALUE = (c: string): number => {
  const i = HAN_DIGITS.indexOf(c);
  return i < 0 ? -1 : [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9][i]!;
};

/** 一百九十九 -> 199, 两千五 -> 2500, 十九点九 -> 19.9, 一九九 -> 199. */
export function parseHanNumber(s: string): number | null {
  const [int = '', frac] = s.split('点');
  let total = 0;
  let section = 0;
  let digit = -1;
  let lastUnit = 0;
  let zeroSeen = false;
  const units: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  if (int.length > 1 && Array.from(int).every((c) => HAN_DIGIT_VALUE(c) >= 0)) {
    total = Number(Array.from(int, HAN_DIGIT_VALUE).join(''));
  } else {
    for (const c of int) {
      const d = HAN_DIGIT_VALUE(c);
      if (d >= 0) {
        if (d === 0) zeroSeen = true;
        if (digit > 0) return null; // two digits in a row inside a unit number
        digit = d;
      } else if (c in units) {
        section += (digit < 0 ? 1 : digit) * units[c]!;
        lastUnit = units[c]!;
        digit = -1;
        zeroSeen = false;
      } else if (c === '万' || c === '亿') {
        const unit = c === '万' ? 1e4 : 1e8;
        total = (total + section + Math.max(digit, 0)) * unit;
        section = 0;
        digit = -1;
        lastUnit = unit;
        zeroSeen = false;
      } else {
        return null;
      }
    }
    // A bare digit after a unit is the next unit down: 一百九 is 190, 两千五 is 2500.
    if (digit > 0 && lastUnit >= 100 && !zeroSeen) section += (digit * lastUnit) / 10;
    else if (digit > 0) section += digit;
    total += section;
  }
  if (int.length === 0) return null;
  if (frac !== undefined) {
    const digits = Array.from(frac, HAN_DIGIT_VALUE);
    if (digits.length === 0 || digits.some((d) => d < 0)) return null;
    total += Number(`0.${digits.join('')}`);
  }
  return total;
}

// ---- how each viewer's language writes money ----

/** The currency a language's viewers pay in. */
export const VIEWER_CURRENCY: Record<CaptionLanguage, string> = {
  en: 'USD',
  'zh-CN': 'CNY',
  es: 'EUR',
  ja: 'JPY',
  ko: 'KRW',
  id: 'IDR',
  pt: 'EUR',
  ar: 'SAR',
  fr: 'EUR',
  de: 'EUR',
};

const LOCALE: Record<CaptionLanguage, string> = {
  en: 'en-US',
  'zh-CN': 'zh-CN',
  es: 'es-ES',
  ja: 'ja-JP',
  ko: 'ko-KR',
  id: 'id-ID',
  pt: 'pt-PT',
  // Plain "ar" writes Latin digits, as the rest of a machine-translated Arabic caption does.
  ar: 'ar',
  fr: 'fr-FR',
  de: 'de-DE',
};

const formats = new Map<string, Intl.NumberFormat>();
function currencyFormat(currency: string, lang: CaptionLanguage): Intl.NumberFormat {
  const key = `${lang}:${currency}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], {
      style: 'currency',
      currency,
      trailingZeroDisplay: 'stripIfInteger',
    });
    formats.set(key, f);
  }
  return f;
}
const digitsOf = new Map<string, number>();
/** Minor-unit digits as the renderer counts them (CLDR's: 2 for USD and CNY, 0 for JPY, KRW and IDR). */
export function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/** An amount in minor units, as the language writes money ("$27.99", "25,99 €", "￥3,980"). */
export function formatPrice(amountMinor: number, currency: string, lang: CaptionLanguage): string {
  return currencyFormat(currency, lang).format(amountMinor / 10 ** minorDigits(currency));
}

/** A price said in the folded caption text, with the products that cost it. */
export interface PriceSpan {
  /** [start, end) in the folded text. */
  start: number;
  end: number;
  price: { amountMinor: number; currency: string };
  /** Products whose price in this currency is this amount. */
  priceOf: string[];
}

/** Prices in folded text `f`; `productsAt(currency, amountMinor)` names the products with that price. */
export function findPrices(
  f: string,
  lang: CaptionLanguage,
  productsAt: (currency: string, amountMinor: number) => string[],
): PriceSpan[] {
  const out: PriceSpan[] = [];
  for (const m of f.matchAll(moneyPattern(lang))) {
    const [whole, prefix, prefixNumber, suffixNumber, suffix] = m;
    const token = prefix ?? suffix!;
    let end = m.index + whole.length;
    if (suffix && /[a-z]$/.test(suffix) && isSpacedWordChar(f[end] ?? '')) continue; // "5 euros" not "5 europe"
    let amount = parseNumber(prefixNumber ?? suffixNumber!);
    if (amount === null) continue;
    // 九十九块九, 九块九毛九: the jiao and fen after the yuan.
    if (suffix && /^[元块塊]/.test(suffix) && Number.isInteger(amount)) {
      const tail = HAN_TAIL.exec(f.slice(end));
      const bare = tail?.[3];
      if (tail && (!bare || suffix !== '元')) {
        const jiao = tail[1] ?? bare!;
        const value = (c: string) => (/\d/.test(c) ? Number(c) : HAN_DIGIT_VALUE(c));
        amount += value(jiao) / 10 + (tail[2] ? value(tail[2]) / 100 : 0);
        end += tail[0].length;
      }
    }
    const named = prefix ? CURRENCY_PREFIX[prefix] : CURRENCY_SUFFIX[token];
    const options = named ? [named] : lang === 'ja' ? ['JPY', 'CNY'] : ['CNY', 'JPY'];
    // ¥ is yuan or yen: the one a product is priced at wins, else the language's.
    const matched = options.map((currency) => {
      const amountMinor = Math.round(amount! * 10 ** minorDigits(currency));
      return { currency, amountMinor, products: productsAt(currency, amountMinor) };
    });
    const pick = matched.find((x) => x.products.length > 0) ?? matched[0]!;
    out.push({
      start: m.index,
      end,
      priceOf: pick.products,
      price: { amountMinor: pick.amountMinor, currency: pick.currency },
    });
  }
  return out;
}
