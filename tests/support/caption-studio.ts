// What an end-to-end test needs for live captions in a real studio: random-weight Whisper and Marian models
// of the real architectures in a LIVEBRIDGE_MODELS folder (Whisper boosted to say "Sunglow", Marian en->es),
// and a microphone file for Chromium's fake capture (1 s of silence, a real LJ Speech sentence, 2 s of
// silence; Chromium loops it).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildMarianModel, buildWhisperModel } from './random-models';
import { encodeWav16k, FIXTURE_SPEECH_DIR, loadClip16k } from './speech-clips';

export interface CaptionStudioFiles {
  /** For LIVEBRIDGE_MODELS. */
  models: string;
  /** For --use-file-for-fake-audio-capture. */
  micWav: string;
}

export async function prepareCaptionStudio(dir: string): Promise<CaptionStudioFiles> {
  const models = path.join(dir, 'models');
  await buildWhisperModel(path.join(models, 'whisper-base'), 'test', {
    words: ['Sunglow', ' Sunglow'],
    wordBoost: 6,
    cachedEncoderPresent: 'empty',
  });
  await buildMarianModel(path.join(models, 'opus-mt-en-es'), 'test', {
    seed: 7,
    cachedEncoderPresent: 'empty',
  });
  const clip = loadClip16k(path.join(FIXTURE_SPEECH_DIR, 'LJ001-0011.wav'));
  const audio = new Float32Array(16_000 + clip.length + 32_000);
  audio.set(clip, 16_000);
  const micWav = path.join(dir, 'mic.wav');
  writeFileSync(micWav, encodeWav16k(audio));
  return { models, micWav };
}
