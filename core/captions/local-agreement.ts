// LocalAgreement-n (as in whisper_streaming) over one utterance's successive hypotheses: what the last n
// hypotheses agree on is committed and never changes, so viewers see captions grow instead of flicker.
import { isSpacedWordChar, isUnspacedChar } from '../text';

/** One unit of comparison: a word of space-delimited text, one character of CJK or Thai, a punctuation mark. */
export interface TextUnit {
  text: string;
  /** How units compare: NFKC, lower case (so full-width and case flicker do not block agreement). */
  key: string;
  /** Whether whitespace preceded it in its hypothesis (how the text is put back together). */
  spaceBefore: boolean;
}

const WORD = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;
const SPACE = /\s/u;
/** Joins two word characters into one word: don't, T-shirt, 19.99, 1,000, 10:30. */
const CONNECTOR = /['’\-.,:]/u;

/**
 * Splits text into agreement units. Scripts written without spaces give one unit per character (with its
 * combining marks), as whisper_streaming agrees on characters for such languages.
 */
export function textUnits(text: string): TextUnit[] {
  const chars = Array.from(text);
  const units: TextUnit[] = [];
  let spaceBefore = false;
  const push = (s: string) => {
    units.push({ text: s, key: s.normalize('NFKC').toLowerCase(), spaceBefore });
    spaceBefore = false;
  };
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (SPACE.test(c)) {
      spaceBefore = units.length > 0;
      i++;
      continue;
    }
    let j = i + 1;
    if (isUnspacedChar(c)) {
      while (j < chars.length && MARK.test(chars[j]!)) j++;
    } else if (WORD.test(c) || MARK.test(c)) {
      for (;;) {
        while (j < chars.length && isSpacedWordChar(chars[j]!)) j++;
        const next = chars[j + 1];
        if (j < chars.length && CONNECTOR.test(chars[j]!) && next !== undefined && isSpacedWordChar(next)) {
          const numeric = /[.,:]/.test(chars[j]!);
          // A dot or comma joins digits only (19.99), never two words ("yes,please" is two).
          if (!numeric || (/\p{N}/u.test(chars[j - 1]!) && /\p{N}/u.test(next))) {
            j += 2;
            continue;
          }
        }
        break;
      }
    }
    push(chars.slice(i, j).join(''));
    i = j;
  }
  return units;
}

/** Puts units back into text, with a space where their hypothesis had one. */
export function joinUnits(units: readonly TextUnit[]): string {
  let out = '';
  units.forEach((u, i) => {
    out += (i > 0 && u.spaceBefore ? ' ' : '') + u.text;
  });
  return out;
}

/**
 * Where the committed units end in a hypothesis: the prefix end j of `hyp` closest (by edit distance) to
 * `committed`, the latest on a tie. A hypothesis that rewrote committed words still lines up, so only what
 * follows them counts as new.
 */
function committedEnd(committed: readonly TextUnit[], hyp: readonly TextUnit[]): number {
  const c = committed.length;
  if (c === 0) return 0;
  if (hyp.length >= c && committed.every((u, i) => u.key === hyp[i]!.key)) return c;
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= c; i++) {
    const row = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const same = committed[i - 1]!.key === hyp[j - 1]!.key ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + same));
    }
    prev = row;
  }
  let best = 0;
  for (let j = 1; j <= hyp.length; j++) if (prev[j]! <= prev[best]!) best = j;
  return best;
}

export interface AgreementOptions {
  /** How many successive hypotheses must agree before text is committed (whisper_streaming uses 2). */
  n?: number;
}

export interface AgreementUpdate {
  /** All committed text of the utterance: only ever grows. */
  committed: string;
  /** What this hypothesis committed (empty when nothing new was agreed). */
  newlyCommitted: string;
  /** The newest hypothesis past the committed text, which may still change. */
  tentative: string;
  /** committed + tentative, the caption to show now. */
  text: string;
}

/** LocalAgreement-n for one utterance; finalize() ends it and makes the instance ready for the next. */
export class LocalAgreement {
  readonly n: number;
  private committedUnits: TextUnit[] = [];
  private recent: TextUnit[][] = [];

  constructor(options: AgreementOptions = {}) {
    const n = options.n ?? 2;
    if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
    this.n = n;
  }

  /** Feeds the newest hypothesis for the utterance's audio so far. */
  push(hypothesis: string): AgreementUpdate {
    this.recent.push(textUnits(hypothesis));
    if (this.recent.length > this.n) this.recent.shift();
    const before = this.committedUnits.length;
    if (this.recent.length === this.n) {
      const tails = this.recent.map((h) => h.slice(committedEnd(this.committedUnits, h)));
      const newest = tails[tails.length - 1]!;
      let agreed = 0;
      while (agreed < newest.length && tails.every((t) => t[agreed]?.key === newest[agreed]!.key)) agreed++;
      // The newest spelling of agreed units: later hypotheses have heard more context.
      this.committedUnits.push(...newest.slice(0, agreed));
    }
    const newly = this.committedUnits.slice(before);
    return {
      committed: this.committed,
      newlyCommitted: joinUnits(newly),
      tentative: joinUnits(this.tail()),
      text: this.partial(),
    };
  }

  get committed(): string {
    return joinUnits(this.committedUnits);
  }

  /** The committed text followed by the newest hypothesis's tentative tail. */
  partial(): string {
    return joinUnits([...this.committedUnits, ...this.tail()]);
  }

  /**
   * Ends the utterance with the final recognition and returns its caption: the committed text kept as
   * viewers have read it, followed by what the final text has past it. Resets for the next utterance.
   */
  finalize(text: string): string {
    const units = textUnits(text);
    const result = joinUnits([
      ...this.committedUnits,
      ...units.slice(committedEnd(this.committedUnits, units)),
    ]);
    this.reset();
    return result;
  }

  reset(): void {
    this.committedUnits = [];
    this.recent = [];
  }

  private tail(): TextUnit[] {
    const newest = this.recent[this.recent.length - 1];
    return newest ? newest.slice(committedEnd(this.committedUnits, newest)) : [];
  }
}
