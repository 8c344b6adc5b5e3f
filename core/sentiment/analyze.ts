// One comment in, one sentiment out: normalise once, then the model and the language detector share the
// normalised text. Allocates only the returned object.
import { detectLanguageNormalized } from './detect-language';
import { labelOf, polarityOf, type SentimentLabel, type SentimentModel, type SentimentScores } from './model';
import { NormalizedText, normalizeInto } from './text';

export interface SentimentResult {
  label: SentimentLabel;
  /**
   * Signed polarity in [-1, 1]: p(pos) - p(neg) under the model; 0 for a comment with no features.
   * For pos/neg-only uses, its sign is the binary label (>= 0 -> pos).
   */
  score: number;
  /** ISO 639-1 code of the comment's language, or 'und'. */
  lang: string;
}

const scratch = new NormalizedText();
const scores: SentimentScores = { neg: 0, neu: 0, pos: 0, hasFeatures: false };

/**
 * Sentiment and language of one live comment. `lang`, when the caller already knows it, skips language
 * detection (the slowest part for Latin-script text).
 */
export function analyzeSentiment(text: string, model: SentimentModel, lang?: string): SentimentResult {
  const t = normalizeInto(text, scratch);
  model.scoreNormalized(t, scores);
  return {
    label: labelOf(scores),
    score: polarityOf(scores),
    lang: lang ?? detectLanguageNormalized(t, text),
  };
}
