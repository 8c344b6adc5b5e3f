// A market's rule pack (assets/compliance/<market>.json) as data, checked with zod when it is loaded: a
// broken pack is a typed PackError naming the file and the rule, never a crash of whoever loads it.
import { z } from 'zod';

export const CATEGORIES = [
  'absolute_term',
  'medical_claim',
  'guaranteed_result',
  'false_urgency',
  'earnings_claim',
  'undisclosed_endorsement',
  'fake_authority',
  'disparagement',
  'prohibited_product_mention',
  'cultural_sensitivity',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A regular expression of a pack: no capturing groups (the checker joins them into one alternation). */
const patternSource = z.string().superRefine((src, ctx) => {
  try {
    new RegExp(src, 'u');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(error as Error).message}` });
    return;
  }
  if (/(^|[^\\])\((?!\?)/.test(src))
    ctx.addIssue({ code: 'custom', message: 'use (?:...) groups only: capturing groups are not allowed' });
});

/** A list of phrases: an array, or one string with the phrases separated by "|" (compact to edit). */
const phrases = z
  .union([z.array(z.string().min(1)), z.string().min(1)])
  .transform((v) => (typeof v === 'string' ? v.split('|').map((p) => p.trim()) : v))
  .pipe(z.array(z.string().min(1)))
  .optional();

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]+$/, 'ids are lower case letters, digits, dots, dashes'),
    category: z.enum(CATEGORIES),
    /** ISO 639-1 code of the words' language, or '*' for words that fire whatever the line's language. */
    language: z.string().regex(/^(\*|[a-z]{2})$/),
    /** Words or phrases (folded, found on word boundaries). */
    terms: phrases,
    /** Regular expressions on the folded text (lower case, NFKC, spaces collapsed). */
    patterns: z.array(patternSource).optional(),
    /** Context: one of these must occur within `window` folded characters of the words for the rule to fire. */
    near: phrases,
    window: z.number().int().min(1).max(400).default(30),
    /** The words must be followed right away by one of these (after optional spaces). */
    followedBy: phrases,
    /** The words do not fire when followed right away by one of these ("最好看", "best before"). */
    notFollowedBy: phrases,
    /** ... nor when preceded right away by one of these ("not", "不是"). */
    notPrecededBy: phrases,
    /** Phrases that make the rule not fire when they occur within `exceptionWindow` of the words. */
    exceptions: phrases,
    exceptionWindow: z.number().int().min(0).max(1000).default(30),
    /** 1: a notice; 2: a warning. A cultural caution is always 1. */
    severity: z.union([z.literal(1), z.literal(2)]),
    citation: z.string().min(1),
    rephrase: z.string().min(1),
  })
  .superRefine((rule, ctx) => {
    if (!rule.terms?.length && !rule.patterns?.length)
      ctx.addIssue({ code: 'custom', message: 'a rule needs terms or patterns' });
    if (rule.category === 'cultural_sensitivity' && rule.severity !== 1)
      ctx.addIssue({ code: 'custom', message: 'cultural_sensitivity is a caution: severity 1' });
  });
export type Rule = z.infer<typeof ruleSchema>;

const guideSchema = z.object({
  sellingPoints: z.array(z.string().min(1)).min(1),
  cautions: z.array(z.string().min(1)).min(1),
});
export type MarketGuide = z.infer<typeof guideSchema>;

export const packSchema = z.object({
  version: z.literal(1),
  market: z.string().regex(/^[A-Z]{2,5}$/),
  name: z.string().min(1),
  /** Other codes that name this market (ISO 3166 countries: "SA", "AE" for the Gulf). */
  aliases: z.array(z.string().regex(/^[A-Z]{2,5}$/)).default([]),
  /** The languages the market's audience speaks, most spoken first. */
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1),
  guide: guideSchema,
  rules: z.array(z.unknown()),
});

export interface RulePack {
  version: 1;
  market: string;
  name: string;
  aliases: string[];
  languages: string[];
  guide: MarketGuide;
  rules: Rule[];
}

/** A pack that cannot be used: which file, which rule (its id, else its index), and what is wrong. */
export class PackError extends Error {
  readonly code = 'compliance_pack_invalid';
  constructor(
    readonly file: string,
    readonly rule: string | null,
    readonly problem: string,
  ) {
    super(`${file}${rule === null ? '' : ` rule ${rule}`}: ${problem}`);
    this.name = 'PackError';
  }
}

const describe = (issues: readonly z.core.$ZodIssue[]): string =>
  issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');

/** Parses one pack (the JSON value of `file`); every rule is checked and ids must be unique. */
export function parsePack(json: unknown, file: string): { pack: RulePack } | { error: PackError } {
  const head = packSchema.safeParse(json);
  if (!head.success) return { error: new PackError(file, null, describe(head.error.issues)) };
  const rules: Rule[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of head.data.rules.entries()) {
    const id =
      raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : `#${index}`;
    const rule = ruleSchema.safeParse(raw);
    if (!rule.success) return { error: new PackError(file, id, describe(rule.error.issues)) };
    if (seen.has(rule.data.id)) return { error: new PackError(file, id, 'duplicate rule id') };
    seen.add(rule.data.id);
    rules.push(rule.data);
  }
  return { pack: { ...head.data, version: 1, rules } };
}

/** Packs by market code ("CN", "US", ...). */
export type CompliancePacks = ReadonlyMap<string, RulePack>;

/** The market code that `code` names in `packs` (its own code or an alias, any case), or null. */
export function resolveMarket(packs: CompliancePacks, code: string): string | null {
  const upper = code.toUpperCase();
  if (packs.has(upper)) return upper;
  for (const pack of packs.values()) if (pack.aliases.includes(upper)) return pack.market;
  return null;
}
