// One violation event in short, for the places that list or count them (ops alert, board, room view, replay):
// its categories, markets and flagged words once each, in the order the checker found them, and the first
// suggested rephrase. Pure; no text of the host's beyond the flagged words.
import type { ComplianceViolation } from '../protocol/compliance';
import type { Category } from './pack';

export interface ViolationSummary {
  categories: Category[];
  markets: string[];
  words: string[];
  rephrase: string;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

export function summarizeViolation(v: Pick<ComplianceViolation, 'flags'>): ViolationSummary {
  return {
    categories: unique(v.flags.map((f) => f.category)),
    markets: unique(v.flags.map((f) => f.market)),
    words: unique(v.flags.map((f) => f.words.trim()).filter((w) => w !== '')),
    rephrase: v.flags.find((f) => f.rephrase.trim() !== '')?.rephrase ?? '',
  };
}

/** Alert and marker detail values are plain strings: lists are joined with this (never inside a category or market). */
export const LIST_SEPARATOR = ',';
/** Flagged words joined for an alert's detail (words may hold commas, so a separator the checker never flags). */
export const WORDS_SEPARATOR = ' · ';
/** An alert's detail words are cut to this many characters. */
export const DETAIL_WORDS_MAX = 300;
