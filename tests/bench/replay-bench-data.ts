// The replay bench's stream (replay-bench.ts): what happened in one live-commerce stream of DURATION at live
// rates, as stream-relative times (ms since it went live) from a seeded generator, so every run stores the
// same stream. Comments are real bilibili danmaku (../shared/data/danmaku, plain ones only: the positioned,
// JSON-like mode 7 entries are left out), cycled and re-timed to 30/s on average with a few 300/s bursts,
// plus a tenth of shoppers' questions in Chinese, English and Spanish; orders follow the audience and the
// pinned product; the host speaks a caption every ~3 s, translated into two more languages; a few marks.
// Viewer presence, product cards and clicks come from replay-bench-presence.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMENT_MAX_CHARS, normalizeCommentText } from '../../core/protocol/room-events';

/** Deterministic random numbers (mulberry32). */
export class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Poisson-distributed count with mean `mean` (normal approximation above 30). */
  poisson(mean: number): number {
    if (mean > 30) {
      const u = Math.max(1e-12, this.next());
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
      return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }
  /** An opaque id like the backend's (a letter and base64url characters). */
  id(prefix: string, length = 21): string {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let s = prefix;
    for (let i = 0; i < length; i++) s += abc[this.int(64)];
    return s;
  }
}

export interface StreamSizes {
  durationMs: number;
  /** Mean comments per second over the whole stream, bursts included. */
  commentsPerS: number;
  /** Comments per second during a burst, and how many bursts of 10-30 s. */
  burstPerS: number;
  bursts: number;
  orders: number;
  products: number;
  /** Peak concurrent viewers (the presence model aims at it). */
  peakViewers: number;
  captionEveryMs: number;
  marks: number;
}

export const CAPTION_LANGS = ['zh-CN', 'en', 'es'] as const;
export const CURRENCIES = ['CNY', 'USD'] as const;

export interface PlannedComment {
  t: number;
  commenter: number;
  text: string;
  byHost: boolean;
}
export interface PlannedOrder {
  t: number;
  product: number;
  buyer: number;
  quantity: number;
  currency: (typeof CURRENCIES)[number];
  /** When it was paid, cancelled, or null (still placed at the end). */
  payingAfterMs: number;
  outcome: 'paid' | 'cancelled' | 'placed';
  settleAfterMs: number;
}
export interface PlannedPin {
  t: number;
  /** Index into the products; null: nothing pinned. */
  product: number | null;
}
export interface PlannedCaption {
  utterance: number;
  lang: (typeof CAPTION_LANGS)[number];
  startMs: number;
  endMs: number;
  text: string;
}
export interface PlannedMark {
  t: number;
  label: string;
}

export interface StreamPlan {
  sizes: StreamSizes;
  bursts: { fromMs: number; toMs: number }[];
  comments: PlannedComment[];
  commenters: number;
  orders: PlannedOrder[];
  pins: PlannedPin[];
  captions: PlannedCaption[];
  marks: PlannedMark[];
  /** Where the comment texts came from, for the report. */
  corpus: string;
}

const PRODUCTS = [
  ['防晒霜', 'Sunscreen', 'Protector solar'],
  ['太阳镜', 'Sunglasses', 'Gafas de sol'],
  ['口红', 'Lipstick', 'Pintalabios'],
  ['面膜', 'Face mask', 'Mascarilla'],
  ['运动鞋', 'Sneakers', 'Zapatillas'],
  ['保温杯', 'Thermos', 'Termo'],
  ['蓝牙耳机', 'Earbuds', 'Auriculares'],
  ['真丝围巾', 'Silk scarf', 'Bufanda de seda'],
] as const;
export const productTitles = (i: number) => {
  const [zh, en, es] = PRODUCTS[i % PRODUCTS.length]!;
  const n = i >= PRODUCTS.length ? ` ${Math.floor(i / PRODUCTS.length) + 1}` : '';
  return { 'zh-CN': `${zh}${n}`, en: `${en}${n}`, es: `${es}${n}` };
};

/** Shoppers' comments (questions, buying intent) with {p} for a product name in the comment's language. */
const SHOPPER = [
  ['{p}多少钱', 'how much is the {p}?', '¿cuánto cuesta {p}?'],
  ['{p}有优惠吗', 'any discount on the {p}?', '¿hay descuento en {p}?'],
  ['已拍{p} 冲冲冲', 'just bought the {p}!', 'ya compré {p}'],
  ['{p}发货到西班牙吗', 'do you ship the {p} to Canada?', '¿envían {p} a Madrid?'],
  ['{p}质量怎么样', 'is the {p} good quality?', '¿qué tal la calidad de {p}?'],
  ['{p}还有货吗', 'is the {p} still in stock?', '¿queda stock de {p}?'],
] as const;

/** What the host says, per caption language, with {p} for the pinned product and {n} for a number. */
const SPEECH = [
  ['大家好，欢迎来到直播间', 'Hello everyone, welcome to the stream', 'Hola a todos, bienvenidos al directo'],
  ['这款{p}今天只要{n}元', 'This {p} is only {n} yuan today', 'Este {p} cuesta solo {n} yuanes hoy'],
  ['库存还剩{n}件，抓紧下单', 'Only {n} left in stock, order now', 'Quedan {n} unidades, compren ya'],
  ['{p}的材质非常好', 'The material of the {p} is excellent', 'El material de {p} es excelente'],
  [
    '有问题可以在评论区问我',
    'Ask me anything in the comments',
    'Pregunten lo que quieran en los comentarios',
  ],
  ['我们支持七天无理由退货', 'We offer seven-day returns', 'Aceptamos devoluciones en siete días'],
  ['下一个产品马上来', 'The next product is coming up', 'El siguiente producto llega enseguida'],
  [
    '刚才有朋友问{p}的尺码',
    'Someone asked about the size of the {p}',
    'Alguien preguntó por la talla de {p}',
  ],
] as const;

const MARK_LABELS = ['Opening', 'Flash sale', 'Giveaway', 'Guest on stage', 'Price drop', 'Last call'];

/** The plain danmaku texts of the corpus: mode 7 (positioned, JSON-like) and art left out, normalized. */
export function danmakuTexts(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as { mode: number; text: string };
    if (d.mode === 7 || d.text.startsWith('[') || d.text.split('/n').length > 3) continue;
    const text = normalizeCommentText(d.text.replaceAll('/n', ' '));
    if (text.length > 0 && text.length <= COMMENT_MAX_CHARS) out.push(text);
  }
  return out;
}

/** The repo's 300-line slice of the same dump (tests/fixtures/danmaku): a clean clone has no ../shared. */
const REPO_SLICE = fileURLToPath(new URL('../fixtures/danmaku/bilibili-slice.jsonl', import.meta.url));

/** The shared bilibili dump when it is there, else the repo's slice (cycled the same way; the bench says which). */
export function danmakuFile(sharedData: string): string {
  const shared = path.join(sharedData, 'danmaku/bilibili_vod.jsonl');
  return existsSync(shared) ? shared : REPO_SLICE;
}

/** Audience size over the stream (0..1 of the peak): a ramp, a wavy plateau, a last-call peak, a fade. */
export function audienceShape(t: number, durationMs: number): number {
  const x = t / durationMs;
  const ramp = Math.min(1, 0.15 + x / 0.15);
  const wave = 0.8 + 0.12 * Math.sin(x * 2 * Math.PI * 5);
  const lastCall = x > 0.8 && x < 0.9 ? 0.2 : 0;
  const fade = x > 0.92 ? 1 - (x - 0.92) * 5 : 1;
  return Math.max(0.05, Math.min(1, ramp * (wave + lastCall) * fade));
}

function pinsOf(sizes: StreamSizes, rng: Rng): PlannedPin[] {
  // Every product gets a segment or two; a short gap with nothing pinned between segments.
  const pins: PlannedPin[] = [];
  const segments = Math.max(2, Math.min(sizes.products * 2, Math.round(sizes.durationMs / 600_000) + 2));
  const span = sizes.durationMs / segments;
  for (let s = 0; s < segments; s++) {
    const from = Math.round(s * span + (s === 0 ? 20_000 : rng.next() * span * 0.1));
    pins.push({ t: from, product: s % sizes.products });
    pins.push({ t: Math.round((s + 1) * span - span * (0.05 + rng.next() * 0.1)), product: null });
  }
  return pins;
}

/** The product pinned at `t`, or null. */
export function pinnedAt(pins: readonly PlannedPin[], t: number): number | null {
  let current: number | null = null;
  for (const p of pins) {
    if (p.t > t) break;
    current = p.product;
  }
  return current;
}

export function planStream(sizes: StreamSizes, corpusTexts: readonly string[], seed = 16): StreamPlan {
  const rng = new Rng(seed);
  const D = sizes.durationMs;
  const seconds = Math.floor(D / 1000);
  const pins = pinsOf(sizes, rng);

  // Bursts: 10-30 s each, spread over the stream (after a pin, when a sale starts).
  const bursts: { fromMs: number; toMs: number }[] = [];
  for (let b = 0; b < sizes.bursts; b++) {
    const len = 10_000 + rng.int(20_001);
    const from = Math.round(((b + 0.5) / sizes.bursts) * (D - len));
    bursts.push({ fromMs: from - (from % 1000), toMs: from - (from % 1000) + len });
  }
  const burstMs = bursts.reduce((a, b) => a + b.toMs - b.fromMs, 0);
  const total = Math.round((sizes.commentsPerS * D) / 1000);
  const base = Math.max(0, (total - (sizes.burstPerS * burstMs) / 1000) / ((D - burstMs) / 1000));
  const inBurst = (s: number) => bursts.some((b) => s * 1000 >= b.fromMs && s * 1000 < b.toMs);
  const shapeMean = Array.from({ length: 100 }, (_, i) => audienceShape((i / 100) * D, D)).reduce(
    (a, b) => a + b / 100,
    0,
  );

  // Comments: commenters are a few heavy chatters and a long tail.
  const commenters = Math.max(50, Math.round(sizes.peakViewers * 4));
  const commenter = () => Math.floor(commenters * rng.next() ** 2.2);
  const comments: PlannedComment[] = [];
  let cursor = rng.int(corpusTexts.length);
  for (let s = 0; s < seconds; s++) {
    const rate = inBurst(s) ? sizes.burstPerS : (base * audienceShape(s * 1000, D)) / shapeMean;
    const n = rng.poisson(rate);
    const times = Array.from({ length: n }, () => s * 1000 + rng.int(1000)).sort((a, b) => a - b);
    for (const t of times) {
      let text: string;
      if (rng.next() < 0.1) {
        const product = pinnedAt(pins, t) ?? rng.int(sizes.products);
        const lang = rng.int(3);
        const title = Object.values(productTitles(product))[lang]!;
        text = rng.pick(SHOPPER)[lang]!.replace('{p}', title);
      } else {
        text = corpusTexts[cursor % corpusTexts.length]!;
        cursor++;
      }
      comments.push({ t, commenter: commenter(), text, byHost: false });
    }
  }
  // A host comment now and then (not audience interaction: no comment fact).
  for (let t = 60_000; t < D; t += 600_000)
    comments.push({ t, commenter: -1, text: '感谢大家支持 thanks for watching', byHost: true });
  comments.sort((a, b) => a.t - b.t);

  // Orders: with the audience, three times as likely while a product is pinned, mostly that product.
  const orders: PlannedOrder[] = [];
  const weight = (t: number) => audienceShape(t, D) * (pinnedAt(pins, t) === null ? 1 : 3);
  const weights = Array.from({ length: seconds }, (_, s) => weight(s * 1000));
  const sum = weights.reduce((a, b) => a + b, 0);
  for (let s = 0, carry = 0; s < seconds; s++) {
    carry += (weights[s]! / sum) * sizes.orders;
    while (carry >= 1 && orders.length < sizes.orders) {
      carry -= 1;
      const t = s * 1000 + rng.int(1000);
      const pinned = pinnedAt(pins, t);
      const r = rng.next();
      orders.push({
        t,
        product: pinned !== null && rng.next() < 0.8 ? pinned : rng.int(sizes.products),
        buyer: commenter(),
        quantity: 1 + Math.floor(rng.next() ** 3 * 3),
        currency: rng.next() < 0.8 ? 'CNY' : 'USD',
        payingAfterMs: 1000 + rng.int(3000),
        outcome: r < 0.9 ? 'paid' : r < 0.97 ? 'cancelled' : 'placed',
        settleAfterMs: 500 + rng.int(60_000),
      });
    }
  }
  while (orders.length < sizes.orders) {
    const t = D - 1000 - rng.int(60_000);
    orders.push({ ...orders[orders.length - 1]!, t });
  }
  orders.sort((a, b) => a.t - b.t);

  // Captions: an utterance every ~3 s in the host's language, translated into the other two.
  const captions: PlannedCaption[] = [];
  let utterance = 0;
  for (let t = 2000; t < D - 3000; t += Math.round(sizes.captionEveryMs * (0.8 + rng.next() * 0.4))) {
    const line = rng.pick(SPEECH);
    const product = pinnedAt(pins, t) ?? 0;
    const n = String(19 + rng.int(480));
    const len = Math.round(sizes.captionEveryMs * 0.9);
    CAPTION_LANGS.forEach((lang, i) => {
      const title = Object.values(productTitles(product))[i]!;
      const text = line[i]!.replace('{p}', title).replace('{n}', n);
      captions.push({ utterance, lang, startMs: t, endMs: t + len, text });
    });
    utterance++;
  }

  const marks: PlannedMark[] = Array.from({ length: sizes.marks }, (_, i) => ({
    t: Math.round(((i + 0.3) / sizes.marks) * D) + rng.int(10_000),
    label: MARK_LABELS[i % MARK_LABELS.length]!,
  }));

  return {
    sizes,
    bursts,
    comments,
    commenters,
    orders,
    pins,
    captions,
    marks,
    corpus: `${corpusTexts.length} plain bilibili danmaku, cycled, and shoppers' questions (a tenth)`,
  };
}
