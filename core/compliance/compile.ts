// A pack's rules for one language, compiled once: every rule's words in one PhraseIndex (one pass over a
// sentence), every pattern in one regular expression, and each rule's context phrases folded ahead, so
// that checking a sentence that says nothing risky costs one scan and one regex run.
import { foldKey } from '../text/fold';
import { PhraseIndex } from '../text/phrase-index';
import type { CompliancePacks, Rule, RulePack } from './pack';

/** A rule with its context phrases folded. */
export interface CompiledRule {
  rule: Rule;
  market: string;
  near: PhraseIndex<true> | null;
  exceptions: PhraseIndex<true> | null;
  followedBy: string[] | null;
  notFollowedBy: string[] | null;
  notPrecededBy: string[] | null;
}

export interface CompiledPack {
  market: string;
  words: PhraseIndex<CompiledRule>;
  /** Patterns as alternations, one per group (group i + 1 of one is its rules[i]). */
  patterns: PatternGroup[];
}

/** Patterns joined into one regular expression; `needsDigit`: every one of them needs a digit. */
export interface PatternGroup {
  re: RegExp;
  rules: CompiledRule[];
  needsDigit: boolean;
}

/**
 * Whether every match of `src` has a digit: a `\\d` outside any group, not optional, and no `|` outside
 * a group (which would offer a way around it). Conservative: false when unsure.
 */
export function requiresDigit(src: string): boolean {
  let depth = 0;
  let found = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      if (depth === 0 && src[i + 1] === 'd' && !/^[?*]|^\{0/.test(src.slice(i + 2))) found = true;
      i++;
    } else if (c === '[') {
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return false;
  }
  return found;
}

/** Most patterns need a number ("only \\d+ left"): they run only on text with a digit in it. */
function patternGroups(patterns: readonly [string, CompiledRule][]): PatternGroup[] {
  const groups: PatternGroup[] = [];
  for (const needsDigit of [true, false]) {
    const these = patterns.filter(([src]) => requiresDigit(src) === needsDigit);
    if (these.length)
      groups.push({
        re: new RegExp(these.map(([src]) => `(${src})`).join('|'), 'gu'),
        rules: these.map(([, rule]) => rule),
        needsDigit,
      });
  }
  return groups;
}

const foldAll = (list: readonly string[] | undefined): string[] | null =>
  list?.length ? list.map(foldKey).filter((k) => k.length > 0) : null;

function phraseIndex(list: readonly string[] | undefined): PhraseIndex<true> | null {
  if (!list?.length) return null;
  const index = new PhraseIndex<true>();
  for (const p of list) index.add(p, true);
  return index;
}

function compileRule(rule: Rule, market: string): CompiledRule {
  return {
    rule,
    market,
    near: phraseIndex(rule.near),
    exceptions: phraseIndex(rule.exceptions),
    followedBy: foldAll(rule.followedBy),
    notFollowedBy: foldAll(rule.notFollowedBy),
    notPrecededBy: foldAll(rule.notPrecededBy),
  };
}

/** The rules of `pack` that read any of `langs` (their own and the '*' ones), compiled together. */
export function compilePack(pack: RulePack, langs: readonly string[]): CompiledPack {
  const words = new PhraseIndex<CompiledRule>();
  const patterns: [string, CompiledRule][] = [];
  for (const rule of pack.rules) {
    if (rule.language !== '*' && !langs.includes(rule.language)) continue;
    const compiled = compileRule(rule, pack.market);
    for (const term of rule.terms ?? []) words.add(term, compiled);
    for (const src of rule.patterns ?? []) patterns.push([src, compiled]);
  }
  return {
    market: pack.market,
    words,
    patterns: patternGroups(patterns),
  };
}

const cache = new WeakMap<CompliancePacks, Map<string, CompiledPack>>();

/** The compiled rules of `market` for `langs`, made on first use and kept with `packs`. */
export function compiledFor(
  packs: CompliancePacks,
  market: string,
  langs: readonly string[],
): CompiledPack | null {
  let byKey = cache.get(packs);
  if (!byKey) cache.set(packs, (byKey = new Map()));
  const key = langs.length === 1 ? `${market}\u0000${langs[0]}` : `${market}\u0000${langs.join(',')}`;
  let compiled = byKey.get(key);
  if (!compiled) {
    const pack = packs.get(market);
    if (!pack) return null;
    byKey.set(key, (compiled = compilePack(pack, langs)));
  }
  return compiled;
}
