export { analyzeSentiment, type SentimentResult } from './analyze';
export { detectLanguage, UNDETERMINED } from './detect-language';
export {
  binaryLabel,
  labelOf,
  polarityOf,
  SENTIMENT_LABELS,
  SentimentModel,
  SentimentModelError,
  SentimentModelMetaSchema,
  type SentimentLabel,
  type SentimentModelErrorCode,
  type SentimentModelMeta,
  type SentimentScores,
} from './model';
