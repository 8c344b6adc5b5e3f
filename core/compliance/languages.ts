// Which languages' rules read a line: by the scripts in it (the script classes of core/text), since a
// host's line is often mixed ("这个 FDA approved 的"). Han without kana is Chinese, kana Japanese, Arabic
// script Arabic, Hangul Korean; Latin-script words are read by every Latin-script language of the market
// (English always), which costs little since each rule's words are its own language's.
import { CLS, classOf } from '../text';
import { checkText, type Flag } from './check';
import type { CompliancePacks } from './pack';
import { UnknownMarketError } from './check';

const LATIN = new Set(['en', 'es', 'de', 'fr', 'id', 'pt', 'it', 'nl', 'ms', 'tl', 'vi', 'tr', 'pl']);

/** The languages whose rules read `text` in a market whose audience speaks `marketLanguages`. */
export function languagesOf(text: string, marketLanguages: readonly string[]): string[] {
  let han = false;
  let kana = false;
  let arabic = false;
  let hangul = false;
  let latin = false;
  for (const ch of text) {
    const k = classOf(ch.codePointAt(0)!);
    if (k === CLS.HAN) han = true;
    else if (k === CLS.KANA) kana = true;
    else if (k === CLS.ARABIC) arabic = true;
    else if (k === CLS.HANGUL) hangul = true;
    else if (k === CLS.LATIN) latin = true;
  }
  const out: string[] = [];
  if (kana) out.push('ja');
  else if (han) out.push('zh');
  if (arabic) out.push('ar');
  if (hangul) out.push('ko');
  if (latin) {
    out.push('en');
    for (const l of marketLanguages) if (LATIN.has(l) && !out.includes(l)) out.push(l);
  }
  if (out.length === 0) out.push(marketLanguages[0] ?? 'en');
  return out;
}

/** checkText for a line in whatever languages it is written in (languagesOf), flags by position. */
export function checkLine(text: string, market: string, packs: CompliancePacks): Flag[] {
  const pack = packs.get(market);
  if (!pack) throw new UnknownMarketError(market);
  const langs = languagesOf(text, pack.languages);
  if (langs.length === 1) return checkText(text, langs[0]!, market, packs);
  const flags: Flag[] = [];
  for (const lang of langs)
    for (const f of checkText(text, lang, market, packs))
      if (!flags.some((g) => g.rule === f.rule && g.start === f.start && g.end === f.end)) flags.push(f);
  return flags.sort((a, b) => a.start - b.start || a.end - b.end);
}
