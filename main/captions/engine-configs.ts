// What the captions worker is started with: the recognizer and translator the caption settings choose, with
// their keys or the local model folders (a missing model or key is a clear 'unavailable' error).
import { StudioError } from '../../core/protocol/result';
import { MODEL_CATALOG } from '../models/model-catalog';
import type { ModelStore } from '../models/model-store';
import type { CaptionKeys } from '../settings/caption-keys';
import type { CaptionPrefs } from '../settings/settings-file';
import { pairKey, type MarianPair, type RecognizerConfig, type TranslatorConfig } from './worker-protocol';

async function modelPath(models: ModelStore, id: string): Promise<string> {
  try {
    return await models.pathOf(id);
  } catch (error) {
    throw new StudioError('unavailable', (error as Error).message);
  }
}

/** The speech recognizer the settings choose: a local Whisper model, or the cloud with its key. */
export async function recognizerConfig(
  s: CaptionPrefs,
  keys: CaptionKeys,
  models: ModelStore,
): Promise<RecognizerConfig> {
  if (s.recognizer === 'cloud') {
    if (!keys.openaiKey) {
      throw new StudioError('unavailable', 'Cloud speech recognition needs an API key: add it in Captions');
    }
    return {
      kind: 'openai',
      baseUrl: s.openaiBaseUrl,
      apiKey: keys.openaiKey,
      model: s.openaiTranscribeModel,
    };
  }
  return { kind: 'whisper', dir: await modelPath(models, s.asrModel) };
}

/** The translator the settings choose: every local Marian pair installed, or a cloud engine with its key. */
export async function translatorConfig(
  s: CaptionPrefs,
  keys: CaptionKeys,
  models: ModelStore,
): Promise<TranslatorConfig> {
  if (s.translator === 'cloud-openai') {
    if (!keys.openaiKey) throw new StudioError('unavailable', 'Cloud translation needs an OpenAI key');
    return {
      kind: 'openai',
      baseUrl: s.openaiBaseUrl,
      apiKey: keys.openaiKey,
      model: s.openaiChatModel,
    };
  }
  if (s.translator === 'deepl') {
    if (!keys.deeplKey) throw new StudioError('unavailable', 'DeepL translation needs a DeepL key');
    return { kind: 'deepl', baseUrl: s.deeplBaseUrl, apiKey: keys.deeplKey };
  }
  // Every translation model that is here: routes are resolved (and models loaded) only when used.
  const pairs: Record<string, MarianPair> = {};
  for (const entry of MODEL_CATALOG) {
    if (entry.kind !== 'mt') continue;
    const status = await models.status(entry.id);
    if (status.state === 'ready' && status.path) {
      pairs[pairKey(entry.from, entry.to)] = { dir: status.path, targetToken: entry.targetPrefix };
    }
  }
  return { kind: 'marian', pairs };
}
