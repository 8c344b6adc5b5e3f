// 16 kHz mono PCM from the host's microphone for live captions: an AudioContext (at 16 kHz where the
// browser allows it, else at its own rate with the worklet resampling) feeding an AudioWorkletNode that
// posts 100 ms int16 chunks. The processor module is a built file under the page's own origin: the CSP
// (script-src 'self') refuses blob: and data: modules. The microphone track belongs to the caller and is
// never stopped here. close() is safe to call twice.
import workletUrl from './pcm-worklet.ts?worker&url';
import { CAPTION_SAMPLE_RATE } from './pcm-resampler';
import { PCM_PROCESSOR_NAME, type PcmWorkletCommand, type PcmWorkletMessage } from './pcm-worklet-protocol';

export interface PcmCaptureOptions {
  track: MediaStreamTrack;
  /** One 100 ms chunk (1600 samples) of 16 kHz mono int16; the array is the caller's to keep. */
  onChunk(samples: Int16Array): void;
  /** The processor module's URL; the built pcm-worklet file by default. */
  moduleUrl?: string;
}

export interface PcmCaptureInfo {
  /** The AudioContext's rate: 16000, or the device's rate when the worklet resamples. */
  contextRate: number;
  resampling: boolean;
}

async function openGraph(
  options: PcmCaptureOptions,
  sampleRate: number | null,
): Promise<{ context: AudioContext; source: MediaStreamAudioSourceNode; node: AudioWorkletNode }> {
  const context = new AudioContext(
    sampleRate ? { sampleRate, latencyHint: 'interactive' } : { latencyHint: 'interactive' },
  );
  try {
    await context.audioWorklet.addModule(options.moduleUrl ?? workletUrl);
    // Firefox refuses a media stream source whose rate differs from the context's: the caller retries.
    const source = context.createMediaStreamSource(new MediaStream([options.track]));
    const node = new AudioWorkletNode(context, PCM_PROCESSOR_NAME, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      // The browser mixes a stereo microphone down to one channel before the processor sees it.
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
    });
    return { context, source, node };
  } catch (error) {
    void context.close().catch(() => undefined);
    throw error;
  }
}

export class PcmCapture {
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly context: AudioContext,
    private readonly source: MediaStreamAudioSourceNode,
    private readonly node: AudioWorkletNode,
    readonly info: PcmCaptureInfo,
  ) {}

  static async open(options: PcmCaptureOptions): Promise<PcmCapture> {
    let graph;
    try {
      graph = await openGraph(options, CAPTION_SAMPLE_RATE);
    } catch (error) {
      // No 16 kHz context here (or no 16 kHz source from this device): run at the device's rate and let
      // the worklet resample. A missing module fails the same way twice and is reported as it is.
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      graph = await openGraph(options, null);
    }
    const { context, source, node } = graph;
    const info: PcmCaptureInfo = {
      contextRate: context.sampleRate,
      resampling: context.sampleRate !== CAPTION_SAMPLE_RATE,
    };
    node.port.onmessage = (event: MessageEvent<PcmWorkletMessage>) => {
      const message = event.data;
      if (message?.type === 'pcm' && message.samples instanceof Int16Array) options.onChunk(message.samples);
    };
    source.connect(node);
    // The processor writes silence; being connected keeps the graph pulling it on every browser.
    node.connect(context.destination);
    if (context.state === 'suspended') await context.resume().catch(() => undefined);
    return new PcmCapture(context, source, node, info);
  }

  /** 'running' while audio flows; 'suspended' when the browser waits for a click to allow audio. */
  get state(): AudioContextState {
    return this.context.state;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.node.port.postMessage({ type: 'stop' } satisfies PcmWorkletCommand);
      this.node.port.onmessage = null;
      this.node.port.close();
      this.source.disconnect();
      this.node.disconnect();
      await this.context.close().catch(() => undefined);
    })();
    return this.closing;
  }
}
