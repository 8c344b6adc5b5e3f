// core/compliance: risky claims in a host's words, per market, from rule packs that are data
// (assets/compliance/<market>.json). parsePack checks a pack; checkText reads one sentence in a known
// language; checkLine finds the languages of a line by its scripts first.
export { checkText, UnknownMarketError, warmSegmenters, type Flag } from './check';
export { checkLine, languagesOf } from './languages';
export {
  CATEGORIES,
  PackError,
  parsePack,
  resolveMarket,
  type Category,
  type CompliancePacks,
  type MarketGuide,
  type Rule,
  type RulePack,
} from './pack';
