// Types for the untyped baseline packages used to evaluate the sentiment model (dev dependencies).
declare module '@nlpjs/sentiment' {
  export interface NlpjsSentiment {
    score: number;
    numWords: number;
    numHits: number;
    vote: 'positive' | 'negative' | 'neutral';
    type?: string;
  }
  export interface NlpjsSentimentAnalyzer {
    container: { use(plugin: unknown): void };
    process(input: { locale: string; text: string }): Promise<{ sentiment: NlpjsSentiment }>;
  }
  const nlpjsSentiment: {
    SentimentAnalyzer: new (settings?: Record<string, unknown>) => NlpjsSentimentAnalyzer;
  };
  export default nlpjsSentiment;
}

declare module '@nlpjs/lang-all' {
  const langAll: { LangAll: unknown };
  export default langAll;
}

declare module 'vader-sentiment' {
  const vader: {
    SentimentIntensityAnalyzer: {
      polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
    };
  };
  export default vader;
}
