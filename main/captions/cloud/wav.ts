// A minimal RIFF/WAVE writer. Cloud recognizers want a file, and WAV with 16-bit PCM is the one format every
// OpenAI-compatible server (OpenAI, whisper.cpp, faster-whisper) decodes without ffmpeg on its side.
import { AUDIO_SAMPLE_RATE } from '../../../core/protocol/captions';

const HEADER_BYTES = 44;

/** Encodes mono float samples in [-1, 1] as a 16-bit little-endian PCM WAV file. */
export function encodeWav(
  samples: Float32Array,
  sampleRate: number = AUDIO_SAMPLE_RATE,
): Uint8Array<ArrayBuffer> {
  const dataBytes = samples.length * 2;
  const buffer = new ArrayBuffer(HEADER_BYTES + dataBytes);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };

  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size for plain PCM
  view.setUint16(20, 1, true); // format 1 = integer PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);

  for (let i = 0; i < samples.length; i++) {
    const raw = samples[i] ?? 0;
    // Microphone gain can overshoot [-1, 1]; clipping beats wrapping round to the opposite sign, and a NaN
    // from an upstream filter must not poison the file.
    const s = Number.isNaN(raw) ? 0 : Math.max(-1, Math.min(1, raw));
    view.setInt16(HEADER_BYTES + i * 2, Math.round(s < 0 ? s * 0x8000 : s * 0x7fff), true);
  }
  return new Uint8Array(buffer);
}
