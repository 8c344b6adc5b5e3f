// The backend's comment sentiment: the shipped model (assets/models/sentiment) when it loads. If its files
// are missing or damaged the backend says so once, clearly, and goes on: comments are then marked neutral
// with an unknown language, and everything else (delivery, intents, product links, moderation) works.
import { analyzeSentiment } from '../../core/sentiment';
import type { Logger } from '../log';
import type { SentimentFn } from './insight-engine';
import { sharedSentimentModel } from './sentiment-model-file';

export const neutralSentiment: SentimentFn = () => ({ label: 'neu', score: 0, lang: 'und' });

export async function loadSentiment(log: Logger): Promise<SentimentFn> {
  try {
    return await loadShippedModel();
  } catch (error) {
    log.error(
      { err: error instanceof Error ? error.message : String(error) },
      'comment sentiment is off: the sentiment model could not be loaded (assets/models/sentiment); comments are marked neutral',
    );
    return neutralSentiment;
  }
}

async function loadShippedModel(): Promise<SentimentFn> {
  const model = sharedSentimentModel();
  return (text) => analyzeSentiment(text, model);
}
