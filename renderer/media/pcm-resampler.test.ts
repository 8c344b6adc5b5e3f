import { describe, expect, it } from 'vitest';
import { AUDIO_SAMPLE_RATE } from '../../core/protocol/captions';
import { CAPTION_SAMPLE_RATE, lowPassTaps, mixToMono, PcmResampler } from './pcm-resampler';

const tone = (hz: number, rate: number, seconds: number) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) =>
    Math.sin((2 * Math.PI * hz * i) / rate),
  );

const rms = (x: Float32Array, from = 0) => {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum / Math.max(1, x.length - from));
};

/** Runs a signal through in worklet-sized blocks, collecting the output. */
function resampleInBlocks(resampler: PcmResampler, input: Float32Array, block = 128): Float32Array {
  const parts: number[] = [];
  for (let i = 0; i < input.length; i += block)
    parts.push(...resampler.process(input.subarray(i, i + block)));
  return Float32Array.from(parts);
}

/** Amplitude of `hz` in `x` (sampled at `rate`), by correlating with a sine and a cosine. */
function amplitudeAt(x: Float32Array, hz: number, rate: number, from = 0): number {
  let s = 0;
  let c = 0;
  for (let i = from; i < x.length; i++) {
    s += x[i]! * Math.sin((2 * Math.PI * hz * i) / rate);
    c += x[i]! * Math.cos((2 * Math.PI * hz * i) / rate);
  }
  return (2 * Math.hypot(s, c)) / (x.length - from);
}

describe('PcmResampler', () => {
  it('targets the rate the captions host expects', () => {
    expect(CAPTION_SAMPLE_RATE).toBe(AUDIO_SAMPLE_RATE);
  });

  it.each([48_000, 44_100, 32_000, 22_050])(
    'turns %i Hz into 16 kHz: one second stays one second',
    (rate) => {
      const out = resampleInBlocks(new PcmResampler(rate), tone(440, rate, 1));
      expect(Math.abs(out.length - 16_000)).toBeLessThanOrEqual(1);
    },
  );

  it('keeps speech frequencies at full strength', () => {
    const out = resampleInBlocks(new PcmResampler(48_000), tone(1000, 48_000, 1));
    // Skip the filter's start-up; the 1 kHz tone comes through at its amplitude.
    expect(amplitudeAt(out, 1000, 16_000, 200)).toBeGreaterThan(0.97);
    expect(amplitudeAt(out, 1000, 16_000, 200)).toBeLessThan(1.03);
  });

  it('low-passes before decimating, so tones above 8 kHz do not fold back into speech', () => {
    // 11 kHz would alias to 5 kHz at 16 kHz; 14 kHz to 2 kHz.
    for (const hz of [11_000, 14_000]) {
      const out = resampleInBlocks(new PcmResampler(48_000), tone(hz, 48_000, 0.5));
      expect(rms(out, 200), `${hz} Hz`).toBeLessThan(0.01);
    }
    // Plain linear interpolation (no filter) would let the 11 kHz tone through as a strong 5 kHz alias.
    const naive = tone(11_000, 48_000, 0.5).filter((_, i) => i % 3 === 0);
    expect(amplitudeAt(naive, 5000, 16_000)).toBeGreaterThan(0.5);
  });

  it('gives the same samples whatever the block sizes', () => {
    const input = tone(700, 44_100, 0.3);
    const whole = new PcmResampler(44_100).process(input).slice();
    const blocks = resampleInBlocks(new PcmResampler(44_100), input, 37);
    expect(blocks.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i++) expect(blocks[i]).toBeCloseTo(whole[i]!, 6);
  });

  it('passes 16 kHz through untouched and upsamples slower rates by interpolation', () => {
    const input = tone(300, 16_000, 0.01);
    const same = new PcmResampler(16_000);
    expect(same.passthrough).toBe(true);
    expect(same.process(input)).toBe(input);
    const up = new PcmResampler(8000).process(Float32Array.from([0, 1, 0, -1]));
    expect([...up].map((v) => Math.round(v * 100) / 100)).toEqual([0, 0.5, 1, 0.5, 0, -0.5, -1]);
  });

  it('designs a unity-gain symmetric low-pass', () => {
    const taps = lowPassTaps(0.15, 31);
    expect(taps.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    for (let i = 0; i < 15; i++) expect(taps[i]).toBeCloseTo(taps[30 - i]!, 9);
  });

  it('mixes channels to mono by averaging', () => {
    const mono = mixToMono(
      [Float32Array.from([1, 0.5]), Float32Array.from([0, -0.5])],
      new Float32Array(128),
    );
    expect([...mono]).toEqual([0.5, 0]);
  });
});
