// The sentiment model's MODEL_CARD.md, written by scripts/train-sentiment.ts after each training run.
import { REGION_NAMES } from '../../core/sentiment/features';
import { LEXICON_FEATURE_NAMES, LEXICON_GROUPS } from '../../core/sentiment/lexicon';
import type { SentimentModelMeta } from '../../core/sentiment/model';
import { formatResults, type SplitResult } from './sentiment-eval';
import { HYPER } from './sentiment-trainer';

export function modelCard(
  meta: SentimentModelMeta,
  results: readonly SplitResult[],
  counts: Map<string, number>,
): string {
  const trained = [...counts.entries()].map(([s, n]) => `${s} ${n.toLocaleString('en-US')}`).join(', ');
  const kb = (meta.weights.bytes / 1024).toFixed(0);
  const regions = REGION_NAMES.filter((r) => r !== 'lexicon')
    .map((r) => `${r} ${meta.regions[r as keyof typeof meta.regions]}`)
    .join(', ');
  return `# Comment sentiment model

Written by \`npm run train:sentiment\` (scripts/train-sentiment.ts); do not edit by hand. Runtime:
core/sentiment (pure TypeScript, no tfjs), loaded by server/insight/sentiment-model-file.ts.

## What it does

Labels one live comment neg / neu / pos (the most probable class; a comment without any feature is
neu). \`score\` is a signed polarity p(pos) - p(neg) in [-1, 1] (0 for a comment without any feature). For
pos/neg-only data the label is the sign of the score: p(pos) vs p(neg), 0 counts as pos.

## Data

Trained on (licences allow shipping weights):

- XLM-T sentiment train split, 8 languages (ar, en, fr, de, hi, it, pt, es), 3 classes. The repository is
  Apache-2.0; the tweets themselves keep their sources' terms (SemEval and other tweet corpora) and its
  SOURCE.txt calls them research/evaluation data, so this is a judgement call recorded here: the weights
  hold hashed-feature weights only, no text.
- NSMC (Korean movie reviews, CC0): the movies whose id hashes even (FNV-1a), pos/neg only.
- Our own seed lexicon (core/sentiment/seed-lexicon.ts) and seed examples
  (scripts/data/sentiment-seed-examples.tsv: live-shopping comments we wrote, mostly neutral product
  questions in 15 languages, some purchase praise and complaints).

Examples: ${trained}.

Not used for training, evaluation only:

- TweetEval sentiment val: research terms, "do not redistribute in product". 1,430 of its 2,000 tweets are
  also in XLM-T English train (both come from SemEval-2017), so only the other ${results.find((r) => r.id === 'tweeteval-en')?.items ?? 0} are evaluated
  (324 of them are XLM-T English val).
- ChnSentiCorp hotel and waimai reviews: no licence stated.
- Corpus-Twitch-Videogames (Spanish Twitch chat): CC BY-NC-SA 4.0, non-commercial.

There is no licensable labelled Chinese, Japanese or Thai data here, so those scripts have no feature rows
at all (no noise from hash collisions): comments in them are scored by the seed lexicon (slang, emoji,
emoticons, negation) and by emoji and punctuation features.

## Architecture

fastText-style linear classifier. Features (core/sentiment/features.ts, version ${meta.featureVersion}): text
normalised (NFKC, lower case, accents and Arabic letter variants folded, repeats cut to 3: "666666" ->
"666"); per word of spaced scripts the word, the word bigram and the character 3-4-grams of "<word>"
(Hangul: syllable 1-3-grams); character 1-3-grams for unspaced scripts; one token per emoji and per
punctuation run; FNV-1a hashes into one region per script (${regions} rows).

Lexicon hits are ${LEXICON_FEATURE_NAMES.length} slots (${LEXICON_FEATURE_NAMES.join(', ')}). Languages with
training data (${LEXICON_GROUPS.join(', ')}) have their own copy of the slots, learned next to their text
features; the others (zh, ja, id, th, vi, ru, tr) use one shared copy, which training fits on
lexicon-only views of every language's examples, the situation of a Chinese comment.

logits = bias + mean(bag rows) + sum(lexicon rows); softmax over neg/neu/pos. This is the fastText
embedding bag with its output layer folded in (embedding size = number of classes), so a feature costs
three multiply-adds at run time.

Training: TensorFlow.js computes the softmax cross-entropy and its gradients for the bias and the gathered
rows; rows are updated with lazy Adam (only the rows a batch touched; lr ${HYPER.learningRate} decayed linearly
to 0, L2 ${HYPER.l2}), batch ${HYPER.batchSize}, ${HYPER.epochs} epochs, seed ${HYPER.seed}. ${HYPER.lexiconOnlyRate * 100}% of the examples with
lexicon hits are shown as their shared lexicon slots only. Epochs, learning rate, feature choices and that
rate were chosen on a 15% dev split of the training data (\`npm run train:sentiment -- --dev\`, which also
reports a shared-lexicon-only pos/neg score as a stand-in for languages without data).

Size: ${meta.rows.toLocaleString('en-US')} rows x 3 classes, int8 with one scale per region: weights.bin
${kb} KiB (kept as int8 in memory), plus model.json.

## Evaluation (macro-F1)

No split below was trained on. Baselines: nlp.js 4.26 SentimentAnalyzer with @nlpjs/lang-all (its
dictionary for the locale; zh has none, so it always says neutral), VADER 1.1.3 on English. On binary sets
a baseline's zero score goes to whichever of pos/neg gives it the higher macro-F1 (in its favour);
"majority" always answers the most frequent class.

${formatResults(results)}

Every training run prints this table, so during development it was seen many times: the choices above
were made on the dev split, but these sets are not a pristine test set. Reproduce: \`npm run
train:sentiment\` (writes this card) or \`npx vitest run tests/integration/sentiment-model.test.ts\`
(same table from the shipped weights).

## Known limits

- Chinese and Japanese rely on the seed lexicon: a comment without a lexicon word, emoji or telling
  punctuation is neutral; irony and new slang are missed.
- Korean is learned from 615 movie reviews plus the lexicon; Hindi data is mostly romanised (Hinglish)
  and scores lowest.
- Tweets are not live chat: stream and game slang, and swearing used as praise (Spanish chat), are
  under-represented. Spanish Twitch chat (es-twitch) is the closest set and is evaluation-only.
- Laughter (lol, 哈哈, ㅋㅋ, jaja) and crying (ㅠㅠ, 😭) are their own slots because they are used both ways.
- Languages without training data or lexicon entries get mostly neutral.
- Text beyond 1,000 normalised characters is ignored.
`;
}
