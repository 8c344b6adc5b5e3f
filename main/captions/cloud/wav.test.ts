import { describe, expect, it } from 'vitest';
import { readWav } from './fake-http-server';
import { encodeWav } from './wav';

describe('encodeWav', () => {
  it('writes a canonical 16 kHz mono 16-bit PCM RIFF file', () => {
    const wav = readWav(Buffer.from(encodeWav(new Float32Array(16_000))));
    expect(wav).toMatchObject({
      format: 1,
      channels: 1,
      sampleRate: 16_000,
      byteRate: 32_000,
      blockAlign: 2,
      bitsPerSample: 16,
    });
    expect(wav.samples.length).toBe(16_000);
  });

  it('scales to the full int16 range, clips overshoot and silences NaN', () => {
    const input = Float32Array.from([0, 1, -1, 0.5, -0.5, 1.7, -3, Number.NaN]);
    const bytes = encodeWav(input);
    expect(bytes.length).toBe(44 + input.length * 2);
    expect(Array.from(readWav(Buffer.from(bytes)).samples)).toEqual([
      0, 32767, -32768, 16384, -16384, 32767, -32768, 0,
    ]);
  });

  it('encodes no samples as a valid empty file', () => {
    const wav = readWav(Buffer.from(encodeWav(new Float32Array(0))));
    expect(wav.samples.length).toBe(0);
  });

  it('honours another sample rate', () => {
    expect(readWav(Buffer.from(encodeWav(new Float32Array(10), 48_000)))).toMatchObject({
      sampleRate: 48_000,
      byteRate: 96_000,
    });
  });
});
