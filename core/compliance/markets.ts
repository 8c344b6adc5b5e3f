// Which markets a stream is checked against: the seller's home market, the markets its viewers come from
// (their region when the browser says one, else their language), and what the host added or excluded.
// Pure: the guard feeds it the viewers online now and the packs; the studio shows the result.
import type { RoomMarkets, StreamMarket } from '../protocol/compliance';
import { resolveMarket, type CompliancePacks } from './pack';

/** A viewer's language without a region: the market most of its speakers buy from among our packs. */
const LANGUAGE_MARKET: Readonly<Record<string, string>> = {
  zh: 'CN',
  ja: 'JP',
  id: 'ID',
  ms: 'ID',
  ar: 'GULF',
  en: 'US',
  es: 'EU',
  fr: 'EU',
  de: 'EU',
  it: 'EU',
  pt: 'EU',
  nl: 'EU',
  pl: 'EU',
  sv: 'EU',
};

const primary = (lang: string) => lang.split('-')[0]!.toLowerCase();

/** The market a language's speakers most likely buy in (zh-CN: CN), null when none of ours. */
export const languageMarket = (lang: string): string | null => LANGUAGE_MARKET[primary(lang)] ?? null;

/**
 * A viewer's market: its region's (es-MX is Mexico, which has no pack: null), else its language's; null when
 * neither names a market with a pack.
 */
export function marketOfViewer(packs: CompliancePacks, lang: string, region: string | null): string | null {
  if (region) return resolveMarket(packs, region);
  const code = LANGUAGE_MARKET[primary(lang)];
  return code && packs.has(code) ? code : null;
}

/** The seller's default home market from the room's host language (CN for zh-CN); the first pack without. */
export function defaultHome(packs: CompliancePacks, hostLanguage: string): string {
  const [lang, region] = hostLanguage.split('-');
  const byRegion = region && region.length === 2 ? resolveMarket(packs, region) : null;
  if (byRegion) return byRegion;
  const code = LANGUAGE_MARKET[(lang ?? '').toLowerCase()];
  if (code && packs.has(code)) return code;
  return [...packs.keys()].sort()[0] ?? 'CN';
}

export interface MarketChoice {
  home: string;
  added: readonly string[];
  excluded: readonly string[];
}

/**
 * The stream's markets now: home first, then by viewers (most first), the host's added ones, never an
 * excluded one (home cannot be excluded); each with its share of the online viewers and its guide.
 */
export function roomMarkets(
  packs: CompliancePacks,
  roomId: string,
  choice: MarketChoice,
  viewerMarkets: Iterable<string | null>,
): RoomMarkets {
  const counts = new Map<string, number>();
  let online = 0;
  let unmapped = 0;
  for (const m of viewerMarkets) {
    online++;
    if (m === null) unmapped++;
    else counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const entry = (market: string, why: StreamMarket['why']): StreamMarket | null => {
    const pack = packs.get(market);
    if (!pack) return null;
    const viewers = counts.get(market) ?? 0;
    return {
      market,
      name: pack.name,
      why,
      viewers,
      share: online > 0 ? viewers / online : 0,
      sellingPoints: pack.guide.sellingPoints,
      cautions: pack.guide.cautions,
    };
  };
  const excluded = new Set(choice.excluded.filter((m) => m !== choice.home));
  const out: StreamMarket[] = [];
  const seen = new Set<string>();
  const add = (market: string, why: StreamMarket['why']) => {
    if (seen.has(market) || (why !== 'home' && excluded.has(market))) return;
    const e = entry(market, why);
    if (!e) return;
    seen.add(market);
    out.push(e);
  };
  add(choice.home, 'home');
  const byViewers = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [market] of byViewers) add(market, 'audience');
  for (const market of choice.added) add(market, 'added');
  return {
    roomId,
    home: choice.home,
    markets: out,
    added: choice.added.filter((m) => packs.has(m)),
    excluded: [...excluded].filter((m) => packs.has(m)),
    available: [...packs.values()]
      .map((p) => ({ market: p.market, name: p.name }))
      .sort((a, b) => (a.market < b.market ? -1 : 1)),
    unmapped,
  };
}
