// Reads the comment sentiment model from assets/models/sentiment (model.json + weights.bin) for Node
// callers: the insight step, the sentiment CLI, tests. core/sentiment does the parsing and validation;
// this file adds the file system and a sha256 check, and turns every failure into a SentimentModelError
// whose message names the file and what to do.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SentimentModel, SentimentModelError, SentimentModelMetaSchema } from '../../core/sentiment/model';

export const SENTIMENT_MODEL_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'assets',
  'models',
  'sentiment',
);
export const SENTIMENT_MODEL_META = 'model.json';

const RETRAIN = 'run `npm run train:sentiment` to rebuild it';

function read(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new SentimentModelError('missing', `sentiment model file ${file} is missing; ${RETRAIN}`);
    throw new SentimentModelError(
      'missing',
      `cannot read sentiment model file ${file} (${code ?? String(error)})`,
    );
  }
}

/** Loads and checks the model in `dir`; throws SentimentModelError (missing / corrupt / incompatible). */
export function loadSentimentModel(dir: string = SENTIMENT_MODEL_DIR): SentimentModel {
  const metaFile = path.join(dir, SENTIMENT_MODEL_META);
  let metaJson: unknown;
  try {
    metaJson = JSON.parse(read(metaFile).toString('utf8'));
  } catch (error) {
    if (error instanceof SentimentModelError) throw error;
    throw new SentimentModelError(
      'corrupt',
      `sentiment model file ${metaFile} is not valid JSON; ${RETRAIN}`,
    );
  }
  const meta = SentimentModelMetaSchema.safeParse(metaJson);
  if (!meta.success) {
    const issue = meta.error.issues[0];
    throw new SentimentModelError(
      'corrupt',
      `sentiment model file ${metaFile} is not valid (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}); ${RETRAIN}`,
    );
  }
  const weightsFile = path.join(dir, meta.data.weights.file);
  const weights = read(weightsFile);
  const sha256 = createHash('sha256').update(weights).digest('hex');
  if (sha256 !== meta.data.weights.sha256) {
    throw new SentimentModelError(
      'corrupt',
      `sentiment model file ${weightsFile} does not match its checksum in ${metaFile}; ${RETRAIN}`,
    );
  }
  try {
    return SentimentModel.fromParts(
      metaJson,
      new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength),
    );
  } catch (error) {
    if (error instanceof SentimentModelError) {
      throw new SentimentModelError(error.code, `${error.message} (${dir})`);
    }
    throw error;
  }
}

let shared: SentimentModel | null = null;
/** The shipped model, loaded once per process. */
export function sharedSentimentModel(): SentimentModel {
  shared ??= loadSentimentModel();
  return shared;
}
