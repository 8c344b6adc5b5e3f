import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SentimentModelError } from '../../core/sentiment/model';
import { loadSentimentModel, SENTIMENT_MODEL_DIR } from './sentiment-model-file';

const dirs: string[] = [];
function copyOfModel(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sentiment-model-'));
  dirs.push(dir);
  for (const f of ['model.json', 'weights.bin'])
    copyFileSync(path.join(SENTIMENT_MODEL_DIR, f), path.join(dir, f));
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function failure(dir: string): SentimentModelError {
  try {
    loadSentimentModel(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SentimentModelError);
    return error as SentimentModelError;
  }
  throw new Error('expected the model to be refused');
}

describe('loadSentimentModel', () => {
  it('loads the shipped model', () => {
    const model = loadSentimentModel();
    expect(model.meta.labels).toEqual(['neg', 'neu', 'pos']);
  });

  it('says which file is missing and how to rebuild it', () => {
    const dir = copyOfModel();
    rmSync(path.join(dir, 'weights.bin'));
    const error = failure(dir);
    expect(error.code).toBe('missing');
    expect(error.message).toContain('weights.bin');
    expect(error.message).toContain('npm run train:sentiment');
    expect(failure(path.join(dir, 'nowhere')).code).toBe('missing');
  });

  it('refuses metadata that is not JSON or not a model', () => {
    const dir = copyOfModel();
    writeFileSync(path.join(dir, 'model.json'), '{ not json');
    expect(failure(dir).code).toBe('corrupt');
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ format: 'something-else' }));
    expect(failure(dir).code).toBe('corrupt');
  });

  it('refuses weights that do not match their checksum (flipped byte, truncated file)', () => {
    const dir = copyOfModel();
    const weights = readFileSync(path.join(dir, 'weights.bin'));
    weights[1234] = (weights[1234]! + 1) & 0xff;
    writeFileSync(path.join(dir, 'weights.bin'), weights);
    expect(failure(dir).message).toMatch(/checksum/);
    writeFileSync(path.join(dir, 'weights.bin'), weights.subarray(0, 100));
    expect(failure(dir).code).toBe('corrupt');
  });
});
