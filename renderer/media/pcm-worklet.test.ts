// The worklet processor itself, in a stand-in AudioWorkletGlobalScope: what it posts is what the host gets.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PCM_CHUNK_SAMPLES, PCM_PROCESSOR_NAME, type PcmWorkletMessage } from './pcm-worklet-protocol';

interface FakeProcessor {
  process(inputs: Float32Array[][]): boolean;
  port: { posted: PcmWorkletMessage[]; onmessage: ((e: { data: unknown }) => void) | null };
}

async function loadProcessor(sampleRate: number): Promise<FakeProcessor> {
  vi.resetModules();
  let registered: { name: string; ctor: new () => FakeProcessor } | null = null;
  class AudioWorkletProcessor {
    readonly port = {
      posted: [] as PcmWorkletMessage[],
      onmessage: null,
      postMessage(message: PcmWorkletMessage) {
        this.posted.push(message);
      },
    };
  }
  vi.stubGlobal('sampleRate', sampleRate);
  vi.stubGlobal('AudioWorkletProcessor', AudioWorkletProcessor);
  vi.stubGlobal('registerProcessor', (name: string, ctor: new () => FakeProcessor) => {
    registered = { name, ctor };
  });
  await import('./pcm-worklet');
  const found = registered as { name: string; ctor: new () => FakeProcessor } | null;
  expect(found?.name).toBe(PCM_PROCESSOR_NAME);
  return new found!.ctor();
}

const feed = (p: FakeProcessor, channels: number, rate: number, seconds: number, value = 0.5) => {
  const blocks = Math.round((rate * seconds) / 128);
  for (let b = 0; b < blocks; b++) {
    const input = Array.from({ length: channels }, (_, c) => new Float32Array(128).fill(c === 0 ? value : 0));
    expect(p.process([input])).toBe(true);
  }
};

const chunks = (p: FakeProcessor) =>
  p.port.posted.filter((m): m is Extract<PcmWorkletMessage, { type: 'pcm' }> => m.type === 'pcm');

afterEach(() => vi.unstubAllGlobals());

describe('PCM capture worklet', () => {
  it('posts 100 ms chunks of 16 kHz int16 when the context already runs at 16 kHz', async () => {
    const p = await loadProcessor(16_000);
    expect(p.port.posted[0]).toEqual({ type: 'ready', contextRate: 16_000, resampling: false });
    feed(p, 1, 16_000, 0.5);
    const out = chunks(p);
    expect(out.map((c) => c.seq)).toEqual([0, 1, 2, 3, 4]);
    for (const c of out) expect(c.samples.length).toBe(PCM_CHUNK_SAMPLES);
    expect(out[2]!.samples[100]).toBe(Math.round(0.5 * 32767));
  });

  it('resamples a 48 kHz stereo microphone to 16 kHz mono', async () => {
    const p = await loadProcessor(48_000);
    expect(p.port.posted[0]).toEqual({ type: 'ready', contextRate: 48_000, resampling: true });
    // One channel at 0.5 and one silent: mono is their average, 0.25.
    feed(p, 2, 48_000, 1);
    const out = chunks(p);
    expect(out.length).toBeGreaterThanOrEqual(9);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out.at(-1)!.samples[800]).toBeCloseTo(0.25 * 32767, -1);
  });

  it('stays alive without input and stops when told', async () => {
    const p = await loadProcessor(16_000);
    expect(p.process([[]])).toBe(true);
    expect(p.process([])).toBe(true);
    p.port.onmessage?.({ data: { type: 'stop' } });
    expect(p.process([[new Float32Array(128)]])).toBe(false);
  });
});
