// Personal data in free text (a viewer's comment, a host's caption, text for a cloud model): phone numbers,
// e-mail addresses, Chinese resident ID numbers, payment card numbers, IBANs and clear street addresses.
// Phone numbers come from libphonenumber-js (Google's metadata: E.164 and each country's national formats,
// Chinese mobiles included), tried for the countries of our caption languages; the rest are patterns with
// their check digits (ID: ISO 7064 MOD 11-2, cards: Luhn, IBAN: MOD 97), so a long number that fails its
// checksum (an order number, a tracking code) is left alone.
import { findNumbers, type CountryCode } from 'libphonenumber-js/min';

export type PersonalKind = 'phone' | 'email' | 'cn_id' | 'card' | 'iban' | 'address';

export interface PersonalSpan {
  kind: PersonalKind;
  /** UTF-16 offsets into the text, `end` exclusive. */
  start: number;
  end: number;
}

/** Where our viewers and hosts are: a national number is read as any of these countries'. */
const PHONE_COUNTRIES: readonly CountryCode[] = [
  'CN',
  'US',
  'JP',
  'KR',
  'ID',
  'ES',
  'BR',
  'SA',
  'AE',
  'GB',
  'DE',
];

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const CN_ID =
  /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])/g;
const CARD = /(?<![0-9])(?:\d[ -]?){12,18}\d(?![0-9])/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const ADDRESS: readonly RegExp[] = [
  // 123 Main Street, 4 Elm Ave
  /\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][\p{L}'-]*\s+){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\.?|Way|Place|Pl\.?)(?![\p{L}])/gu,
  // 上海市浦东新区世纪大道100号, 朝阳区建国路88号3号楼1201室
  /[\p{Script=Han}]{2,12}(?:路|街|道|巷|弄|胡同)\s*\d{1,5}\s*号(?:\s*\d{1,4}\s*(?:号楼|栋|幢|座))?(?:\s*\d{1,5}\s*室)?/gu,
  // 東京都港区六本木6丁目10番1号, 3丁目2-1
  /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]{1,12}\d{1,3}\s*丁目\s*\d{1,4}(?:\s*(?:番地?|-)\s*\d{1,4})?(?:\s*号)?/gu,
  // Jl. Sudirman No. 5, Jalan Merdeka No 12
  /\b(?:Jl\.?|Jalan)\s+(?:[A-Z][\p{L}.'-]*\s+){1,4}No\.?\s*\d{1,5}[A-Za-z]?/gu,
  // Calle Mayor 5, Avenida de la Paz, 12, C/ Alcalá 20
  /\b(?:Calle|Avenida|Av\.|C\/|Rua|Avenue)\s+(?:[\p{L}'.-]+\s+){1,4},?\s*\d{1,5}\b/gu,
];

/** No dot at either end of the name or twice in a row; a top-level domain in one case ("co", "COM"). */
const plausibleEmail = (email: string) => {
  const [name = '', domain = ''] = email.split('@');
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  return !/^\.|\.$|\.\./.test(name) && (tld === tld.toLowerCase() || tld === tld.toUpperCase());
};

/** ISO 7064 MOD 11-2 check of an 18-character Chinese resident ID. */
export function validCnId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * weights[i]!;
  return '10X98765432'[sum % 11] === id[17]!.toUpperCase();
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

/** Card numbers of the schemes people pay with (Visa, Mastercard, Amex, UnionPay, JCB, Discover). */
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|35|62|6011|65)/;

export function validIban(text: string): boolean {
  const iban = text.replace(/ /g, '');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

function matches(text: string, re: RegExp, kind: PersonalKind, ok: (s: string) => boolean = () => true) {
  const out: PersonalSpan[] = [];
  for (const m of text.matchAll(re))
    if (ok(m[0])) out.push({ kind, start: m.index, end: m.index + m[0].length });
  return out;
}

const digitCount = (text: string) => {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) n++;
  }
  return n;
};

/** What libphonenumber can read as a number but people write as something else: dates, times, lists. */
const NOT_A_PHONE = /^\d{4}-\d{1,2}-\d{1,2}|[,/:]/;

/** A run of digits with the separators phone numbers are written with: where a phone number can be. */
const PHONE_CANDIDATE = /(?:\+|00)?\d[\d \-.()\u00a0]{5,24}\d/g;

/** "2333333" (laughing), "5555555" (crying), "1110001001111" (ASCII art): two digits or fewer is chat. */
const repeated = (digits: string) => new Set(digits).size <= 2;

/** 2014831, 20140831, 2014.8.31: a date; 1894-1895, 1000-1300: years. */
const DATE_LIKE =
  /^(?:(?:19|20)\d{2}(?:[.\-/ ]?(?:0?[1-9]|1[0-2])[.\-/ ]?(?:0?[1-9]|[12]\d|3[01]))|[12]\d{3}\s*[-–]\s*[12]\d{3})$/;

function phones(text: string): PersonalSpan[] {
  const out: PersonalSpan[] = [];
  for (const c of text.matchAll(PHONE_CANDIDATE)) {
    const candidate = c[0];
    if (digitCount(candidate) < 7) continue;
    // A bare run of more than 11 digits with no + or trunk 0 is a timestamp, an order or a tracking number:
    // people write longer phone numbers with a country code or their national 0.
    if (/^\d{12,}$/.test(candidate) && !candidate.startsWith('0')) continue;
    for (const country of PHONE_COUNTRIES)
      for (const n of findNumbers(candidate, { defaultCountry: country, v2: true })) {
        const start = c.index + n.startsAt;
        const found = text.slice(start, c.index + n.endsAt);
        const digits = found.replace(/\D/g, '');
        const international = /^(?:\+|00)/.test(found);
        // A national number is at most 13 digits (Indonesia); one after '#' is an order or a ticket...
        if (digits.length < 7 || (!international && digits.length > 13)) continue;
        // ...and one glued to Latin letters is part of a word or a link ("av8123420").
        if (/[#A-Za-z]/.test(text[start - 1] ?? '')) continue;
        if (repeated(digits) || DATE_LIKE.test(found)) continue;
        // "38 39 40 41 42" is a size list; pairs are a phone only after a trunk 0 ("06 12 34 56 78").
        const groups = found.split(/[\s.-]+/);
        if (groups.length >= 4 && groups.every((g) => g.length <= 2) && !found.startsWith('0')) continue;
        if (!NOT_A_PHONE.test(found)) out.push({ kind: 'phone', start, end: start + found.length });
      }
  }
  return out;
}

/** A Chinese or Japanese address match may start with the words before it ("寄到", "住所は"): cut them. */
const trimLead = (text: string) => (s: PersonalSpan) => {
  const found = text.slice(s.start, s.end);
  const lead =
    /^[\p{Script=Han}\p{Script=Hiragana}]*?(?:寄到|送到|发到|寄去|地址是|地址|住在|住所は|住所|は)/u.exec(
      found,
    );
  return lead && lead[0].length < found.length - 3 ? { ...s, start: s.start + lead[0].length } : s;
};

/** Every span of personal data in `text`, in order; overlapping finds are merged (the first kind wins). */
export function findPersonalData(text: string): PersonalSpan[] {
  const spans: PersonalSpan[] = [];
  if (text.includes('@')) spans.push(...matches(text, EMAIL, 'email', plausibleEmail));
  const digits = digitCount(text);
  if (digits >= 17) spans.push(...matches(text, CN_ID, 'cn_id', validCnId));
  if (digits >= 13) {
    spans.push(
      ...matches(text, CARD, 'card', (s) => {
        const d = s.replace(/\D/g, '');
        return CARD_PREFIX.test(d) && luhn(d);
      }),
    );
  }
  if (digits >= 9 && /[A-Z]{2}\d{2}/.test(text)) spans.push(...matches(text, IBAN, 'iban', validIban));
  if (digits >= 1) for (const re of ADDRESS) spans.push(...matches(text, re, 'address').map(trimLead(text)));
  if (digits >= 7) spans.push(...phones(text));
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: PersonalSpan[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** The mark a masked letter or digit becomes (separators and spaces keep their place). */
export const MASK = '•';

/** `text` with every letter and digit of its personal data replaced by MASK; `spans` says where. */
export function maskPersonalData(text: string): { text: string; spans: PersonalSpan[] } {
  const spans = findPersonalData(text);
  if (spans.length === 0) return { text, spans };
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + text.slice(s.start, s.end).replace(/[\p{L}\p{N}]/gu, MASK);
    at = s.end;
  }
  return { text: out + text.slice(at), spans };
}

/** How a placeholder is written: the default names its kind, e.g. [PHONE1]. */
export type PlaceholderStyle = (kind: PersonalKind, n: number) => string;
const NAMED: PlaceholderStyle = (kind, n) => `[${placeholderTag(kind)}${n}]`;

/**
 * Text for a cloud model with its personal data replaced by numbered placeholders, and the function that
 * puts the originals back into the model's answer (a placeholder the model dropped is simply gone; spacing
 * a model put inside one, "[ PHONE 1 ]", is forgiven).
 */
export function redactForCloud(
  text: string,
  style: PlaceholderStyle = NAMED,
): { text: string; restore(answer: string): string } {
  const spans = findPersonalData(text);
  if (spans.length === 0) return { text, restore: (answer) => answer };
  const tokens: { token: string; original: string }[] = [];
  let out = '';
  let at = 0;
  for (const s of spans) {
    const token = style(s.kind, tokens.length + 1);
    tokens.push({ token, original: text.slice(s.start, s.end) });
    out += text.slice(at, s.start) + token;
    at = s.end;
  }
  out += text.slice(at);
  const loose = (token: string) =>
    new RegExp(
      [...token].map((c) => (/\s/.test(c) ? '' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('\\s*'),
      'g',
    );
  return {
    text: out,
    restore: (answer) =>
      tokens.reduce((acc, { token, original }) => acc.replace(loose(token), () => original), answer),
  };
}

const placeholderTag = (kind: PersonalKind) =>
  ({ phone: 'PHONE', email: 'EMAIL', cn_id: 'ID', card: 'CARD', iban: 'IBAN', address: 'ADDRESS' })[kind];
