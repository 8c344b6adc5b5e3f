// The AudioWorklet processor behind pcm-capture.ts: mixes the microphone to mono, brings it to 16 kHz
// (the context runs at 16 kHz where the browser allows; otherwise PcmResampler converts here), and posts
// 100 ms chunks of int16 samples over its port. Loaded by URL from a built file (the CSP allows no blob:
// or data: scripts), so it imports nothing that needs window, self or a DOM.
import { floatToInt16 } from './pcm-encoding';
import { CAPTION_SAMPLE_RATE, mixToMono, PcmResampler } from './pcm-resampler';
import { PCM_CHUNK_SAMPLES, PCM_PROCESSOR_NAME, type PcmWorkletMessage } from './pcm-worklet-protocol';

/** What the AudioWorkletGlobalScope offers (lib.dom does not describe it). */
interface WorkletProcessor {
  readonly port: MessagePort;
}
interface WorkletScope {
  readonly sampleRate: number;
  readonly AudioWorkletProcessor: new () => WorkletProcessor;
  registerProcessor(name: string, processor: new () => WorkletProcessor): void;
}

const scope = globalThis as unknown as WorkletScope;

class PcmCaptureProcessor extends scope.AudioWorkletProcessor {
  private readonly resampler =
    scope.sampleRate === CAPTION_SAMPLE_RATE ? null : new PcmResampler(scope.sampleRate, CAPTION_SAMPLE_RATE);
  private mono = new Float32Array(128);
  private converted = new Int16Array(0);
  private chunk = new Int16Array(PCM_CHUNK_SAMPLES);
  private filled = 0;
  private seq = 0;
  private stopped = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<unknown>) => {
      if ((event.data as { type?: unknown } | null)?.type === 'stop') this.stopped = true;
    };
    this.post({ type: 'ready', contextRate: scope.sampleRate, resampling: this.resampler !== null });
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const channels = inputs[0];
    // No input connected (yet, or the track ended): nothing to send, but stay alive.
    if (!channels || channels.length === 0 || !channels[0]) return true;
    if (this.mono.length < channels[0].length) this.mono = new Float32Array(channels[0].length);
    const mono = mixToMono(channels, this.mono);
    const samples = this.resampler ? this.resampler.process(mono) : mono;
    if (this.converted.length < samples.length) this.converted = new Int16Array(samples.length);
    const pcm = floatToInt16(samples, this.converted.subarray(0, samples.length));
    let offset = 0;
    while (offset < pcm.length) {
      const take = Math.min(pcm.length - offset, PCM_CHUNK_SAMPLES - this.filled);
      this.chunk.set(pcm.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === PCM_CHUNK_SAMPLES) {
        const full = this.chunk;
        this.chunk = new Int16Array(PCM_CHUNK_SAMPLES);
        this.filled = 0;
        this.post({ type: 'pcm', seq: this.seq++, samples: full }, [full.buffer]);
      }
    }
    return true;
  }

  private post(message: PcmWorkletMessage, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }
}

scope.registerProcessor(PCM_PROCESSOR_NAME, PcmCaptureProcessor);
