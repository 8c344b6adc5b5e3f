import { describe, expect, it } from 'vitest';
import { AUDIO_SAMPLE_RATE, AudioChunkSchema } from '../../core/protocol/captions';
import { base64ToBytes, base64ToInt16, bytesToBase64, floatToInt16, int16ToBase64 } from './pcm-encoding';

describe('PCM encoding', () => {
  it('maps floats onto int16 with clamping, full scale both ways', () => {
    const out = floatToInt16(new Float32Array([0, 1, -1, 0.5, -0.5, 2, -3, NaN]));
    expect([...out]).toEqual([0, 32767, -32768, 16384, -16384, 32767, -32768, 0]);
  });

  it('writes little-endian bytes whatever the machine', () => {
    const text = int16ToBase64(new Int16Array([1, -2, 0x1234]));
    expect([...base64ToBytes(text)]).toEqual([0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);
  });

  it('agrees with the platform base64 for every padding length', () => {
    for (let n = 0; n < 8; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 0xff);
      const expected = Buffer.from(bytes).toString('base64');
      expect(bytesToBase64(bytes)).toBe(expected);
      expect([...base64ToBytes(expected)]).toEqual([...bytes]);
    }
  });

  it('round-trips a 100 ms chunk that the host schema accepts', () => {
    const samples = Int16Array.from({ length: AUDIO_SAMPLE_RATE / 10 }, (_, i) =>
      Math.round(Math.sin(i / 5) * 30000),
    );
    const pcm = int16ToBase64(samples);
    expect([...base64ToInt16(pcm)]).toEqual([...samples]);
    expect(AudioChunkSchema.safeParse({ seq: 0, pcm }).success).toBe(true);
    // One second is the most a chunk may carry.
    const second = int16ToBase64(new Int16Array(AUDIO_SAMPLE_RATE));
    expect(AudioChunkSchema.safeParse({ seq: 1, pcm: second }).success).toBe(true);
  });

  it('refuses text that is not base64', () => {
    expect(() => base64ToBytes('ab$d')).toThrow(/base64/);
    expect(() => base64ToInt16(bytesToBase64(new Uint8Array(3)))).toThrow(/Odd/);
  });
});
