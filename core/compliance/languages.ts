// Which languages' rules read a line: by the scripts in it (the script classes of core/text), since a
// host's line is often mixed ("这个 FDA approved 的"). Han without kana is Chinese (Japanese in Japan), kana Japanese, Arabic
// script Arabic, Hangul Korean; Latin-script words are read by every Latin-script language of the market
// (English always), which costs little since each rule's words are its own language's.
import { charClass, CLS, classOf } from '../text/script';
import { checkText, UnknownMarketError, type Flag } from './check';
import type { CompliancePacks } from './pack';

const LATIN = new Set(['en', 'es', 'de', 'fr', 'id', 'pt', 'it', 'nl', 'ms', 'tl', 'vi', 'tr', 'pl']);

const KANA = 1;
const HAN = 2;
const ARABIC = 4;
const HANGUL = 8;
const LATIN_SCRIPT = 16;
const BIT = new Uint8Array(16);
BIT[CLS.KANA] = KANA;
BIT[CLS.HAN] = HAN;
BIT[CLS.ARABIC] = ARABIC;
BIT[CLS.HANGUL] = HANGUL;
BIT[CLS.LATIN] = LATIN_SCRIPT;
/** Per list of market languages, the answer per mask of scripts seen (a handful of masks in practice). */
const answers = new WeakMap<readonly string[], Map<number, string[]>>();

function languagesOfMask(mask: number, marketLanguages: readonly string[]): string[] {
  const out: string[] = [];
  // Han alone is Chinese, except in a market that speaks Japanese and not Chinese ("医師推薦", "完治").
  if (mask & KANA) out.push('ja');
  else if (mask & HAN)
    out.push(marketLanguages.includes('ja') && !marketLanguages.includes('zh') ? 'ja' : 'zh');
  if (mask & ARABIC) out.push('ar');
  if (mask & HANGUL) out.push('ko');
  if (mask & LATIN_SCRIPT) {
    out.push('en');
    for (const l of marketLanguages) if (LATIN.has(l) && !out.includes(l)) out.push(l);
  }
  if (out.length === 0) out.push(marketLanguages[0] ?? 'en');
  return out;
}

/** The languages whose rules read `text` in a market whose audience speaks `marketLanguages`. */
export function languagesOf(text: string, marketLanguages: readonly string[]): readonly string[] {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) cp = text.codePointAt(i++)!;
    const k = classOf(cp);
    // Full-width Latin (U+FF00 block) is classed once folded.
    mask |= BIT[cp >= 0xff00 && cp <= 0xffef ? charClass(String.fromCodePoint(cp)) : k]!;
  }
  let byMask = answers.get(marketLanguages);
  if (!byMask) answers.set(marketLanguages, (byMask = new Map()));
  let langs = byMask.get(mask);
  if (!langs) byMask.set(mask, (langs = languagesOfMask(mask, marketLanguages)));
  return langs;
}

/** checkText for a line in whatever languages it is written in (languagesOf), flags by position. */
export function checkLine(text: string, market: string, packs: CompliancePacks): Flag[] {
  const pack = packs.get(market);
  if (!pack) throw new UnknownMarketError(market);
  return checkText(text, languagesOf(text, pack.languages), market, packs);
}
