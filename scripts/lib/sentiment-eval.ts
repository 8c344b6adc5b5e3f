// Scores the sentiment model and the lexicon baselines on every evaluation split (macro-F1) and prints
// the table. Baselines: nlp.js's SentimentAnalyzer with @nlpjs/lang-all (its own dictionary per locale;
// for zh and ja it has none and says neutral) and VADER on English.
//
// Binary sets (pos/neg gold): our label is the sign of our score (p(pos) vs p(neg), 0 counts as pos);
// a baseline's zero score is sent to whichever of pos/neg gives that baseline the higher macro-F1 on the
// set, a tie-break in the baseline's favour.
import nlpjsSentiment from '@nlpjs/sentiment';
import nlpjsLangs from '@nlpjs/lang-all';
import vader from 'vader-sentiment';
import { macroF1, splitClasses, type EvalSplit, type Gold } from './sentiment-data';

export interface Prediction {
  label: Gold;
  /** Signed polarity: > 0 positive, < 0 negative. */
  score: number;
}

export interface SplitResult {
  id: string;
  lang: string;
  items: number;
  classes: EvalSplit['classes'];
  ours: number;
  nlpjs: number;
  /** null where VADER does not apply (non-English). */
  vader: number | null;
  /** Macro-F1 of always answering the most frequent gold class. */
  majority: number;
}

function binaryF1(split: EvalSplit, scores: readonly number[], tieBreak: 'pos' | 'oracle'): number {
  const gold = split.items.map((i) => i.label);
  const withTies = (tie: Gold): number =>
    macroF1(
      gold,
      scores.map((s) => (s > 0 ? 'pos' : s < 0 ? 'neg' : tie)),
      splitClasses(split),
    );
  return tieBreak === 'pos' ? withTies('pos') : Math.max(withTies('pos'), withTies('neg'));
}

function f1Of(split: EvalSplit, predictions: readonly Prediction[], tieBreak: 'pos' | 'oracle'): number {
  if (split.classes === 'binary') {
    return binaryF1(
      split,
      predictions.map((p) => p.score),
      tieBreak,
    );
  }
  return macroF1(
    split.items.map((i) => i.label),
    predictions.map((p) => p.label),
    splitClasses(split),
  );
}

let analyzer: InstanceType<typeof nlpjsSentiment.SentimentAnalyzer> | null = null;
/** nlp.js 4.x: a SentimentAnalyzer whose container has every language package registered. */
function nlpjs(): InstanceType<typeof nlpjsSentiment.SentimentAnalyzer> {
  if (!analyzer) {
    analyzer = new nlpjsSentiment.SentimentAnalyzer();
    analyzer.container.use(nlpjsLangs.LangAll);
  }
  return analyzer;
}

export async function nlpjsPredict(text: string, locale: string): Promise<Prediction> {
  const { sentiment } = await nlpjs().process({ locale, text });
  const label: Gold = sentiment.vote === 'positive' ? 'pos' : sentiment.vote === 'negative' ? 'neg' : 'neu';
  return { label, score: sentiment.score };
}

/** VADER with its authors' thresholds: compound >= 0.05 positive, <= -0.05 negative. */
export function vaderPredict(text: string): Prediction {
  const { compound } = vader.SentimentIntensityAnalyzer.polarity_scores(text);
  return { label: compound >= 0.05 ? 'pos' : compound <= -0.05 ? 'neg' : 'neu', score: compound };
}

function majorityF1(split: EvalSplit): number {
  const counts = new Map<Gold, number>();
  for (const i of split.items) counts.set(i.label, (counts.get(i.label) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return macroF1(
    split.items.map((i) => i.label),
    split.items.map(() => top),
    splitClasses(split),
  );
}

/** Evaluates `ours` and the baselines on every split. */
export async function evaluateSplits(
  splits: readonly EvalSplit[],
  ours: (text: string, split: EvalSplit) => Prediction,
): Promise<SplitResult[]> {
  const results: SplitResult[] = [];
  for (const split of splits) {
    const mine = split.items.map((i) => ours(i.text, split));
    const nlp: Prediction[] = [];
    for (const i of split.items) nlp.push(await nlpjsPredict(i.text, split.nlpjsLocale));
    results.push({
      id: split.id,
      lang: split.lang,
      items: split.items.length,
      classes: split.classes,
      ours: f1Of(split, mine, 'pos'),
      nlpjs: f1Of(split, nlp, 'oracle'),
      vader: split.vader
        ? f1Of(
            split,
            split.items.map((i) => vaderPredict(i.text)),
            'oracle',
          )
        : null,
      majority: majorityF1(split),
    });
  }
  return results;
}

const pct = (x: number | null): string => (x === null ? '—' : x.toFixed(3));

/** A Markdown table of the results, one row per split. */
export function formatResults(results: readonly SplitResult[]): string {
  const lines = [
    '| split | lang | items | classes | ours | nlp.js | vader | majority |',
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.id} | ${r.lang} | ${r.items} | ${r.classes === 'three' ? 'neg/neu/pos' : 'neg/pos'} | ${pct(r.ours)} | ${pct(r.nlpjs)} | ${pct(r.vader)} | ${pct(r.majority)} |`,
    );
  }
  return lines.join('\n');
}
