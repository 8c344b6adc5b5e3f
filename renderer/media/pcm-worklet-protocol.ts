// Messages between pcm-capture.ts and its AudioWorklet processor (pcm-worklet.ts), over the node's port.

export const PCM_PROCESSOR_NAME = 'livebridge-pcm-capture';
/** 100 ms at 16 kHz. */
export const PCM_CHUNK_SAMPLES = 1600;

export type PcmWorkletMessage =
  /** Sent once: the rate the context runs at, and whether the processor resamples it. */
  | { type: 'ready'; contextRate: number; resampling: boolean }
  /** One chunk of 16 kHz mono int16 samples; seq counts the processor's chunks from 0. */
  | { type: 'pcm'; seq: number; samples: Int16Array };

export type PcmWorkletCommand = { type: 'stop' };
