// Real speech for the captions tests and bench: WAV files (PCM 16/24/32-bit or float) read and resampled to
// 16 kHz mono, and the clips of the shared speech set (or the copies in tests/fixtures/speech).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_SPEECH_DIR = path.join(ROOT, 'tests/fixtures/speech');
export const SHARED_SPEECH_DIR = path.resolve(ROOT, '../shared/data/speech');

export interface SpeechClip {
  file: string;
  lang: string;
  transcript: string;
  durationS: number;
}

/** The clips listed in a manifest.tsv (path, lang, duration_s, ..., transcript) that are WAV files here. */
export function listClips(dir: string): SpeechClip[] {
  const manifest = path.join(dir, 'manifest.tsv');
  if (!existsSync(manifest)) return [];
  const lines = readFileSync(manifest, 'utf8').trim().split('\n');
  const header = lines[0]!.split('\t');
  const has = header.includes('path');
  const col = (name: string, fallback: number) => (has ? header.indexOf(name) : fallback);
  const rows = has ? lines.slice(1) : lines;
  const clips: SpeechClip[] = [];
  for (const line of rows) {
    const f = line.split('\t');
    const rel = f[col('path', 0)]!;
    const file = existsSync(path.join(dir, rel)) ? path.join(dir, rel) : path.join(dir, path.basename(rel));
    if (!file.endsWith('.wav') || !existsSync(file)) continue;
    clips.push({
      file,
      lang: f[col('lang', 1)]!,
      durationS: Number(f[col('duration_s', 2)]),
      transcript: f[col('transcript', has ? 6 : 3)] ?? '',
    });
  }
  return clips;
}

export interface DecodedAudio {
  sampleRate: number;
  samples: Float32Array;
}

/** Reads a RIFF WAV file into mono float samples. */
export function readWav(file: string): DecodedAudio {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${file} is not a WAV file`);
  }
  let offset = 12;
  let format = 0;
  let channels = 1;
  let sampleRate = 0;
  let bits = 16;
  while (offset + 8 <= b.length) {
    const id = b.toString('ascii', offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = b.readUInt16LE(body);
      channels = b.readUInt16LE(body + 2);
      sampleRate = b.readUInt32LE(body + 4);
      bits = b.readUInt16LE(body + 14);
      if (format === 0xfffe) format = b.readUInt16LE(body + 24);
    } else if (id === 'data') {
      const bytes = bits / 8;
      const frames = Math.floor(Math.min(size, b.length - body) / (bytes * channels));
      const out = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) {
          const at = body + (i * channels + c) * bytes;
          if (format === 3) sum += bits === 64 ? b.readDoubleLE(at) : b.readFloatLE(at);
          else if (bits === 16) sum += b.readInt16LE(at) / 32768;
          else if (bits === 24) sum += b.readIntLE(at, 3) / 8388608;
          else if (bits === 32) sum += b.readInt32LE(at) / 2147483648;
          else sum += (b.readUInt8(at) - 128) / 128;
        }
        out[i] = sum / channels;
      }
      return { sampleRate, samples: out };
    }
    offset = body + size + (size & 1);
  }
  throw new Error(`${file} has no data chunk`);
}

/** Band-limited resampling (windowed sinc) to 16 kHz. */
export function resampleTo16k(input: DecodedAudio): Float32Array {
  const { sampleRate, samples } = input;
  if (sampleRate === 16_000) return samples;
  const ratio = 16_000 / sampleRate;
  const out = new Float32Array(Math.floor(samples.length * ratio));
  const cutoff = Math.min(1, ratio) * 0.95;
  const half = 16;
  for (let i = 0; i < out.length; i++) {
    const center = i / ratio;
    const left = Math.ceil(center - half / cutoff);
    const right = Math.floor(center + half / cutoff);
    let sum = 0;
    let norm = 0;
    for (let j = left; j <= right; j++) {
      if (j < 0 || j >= samples.length) continue;
      const x = (j - center) * cutoff;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = 0.5 + 0.5 * Math.cos((Math.PI * (j - center) * cutoff) / half);
      const k = sinc * w;
      sum += samples[j]! * k;
      norm += k;
    }
    out[i] = norm > 0 ? sum / norm : 0;
  }
  return out;
}

export function loadClip16k(file: string): Float32Array {
  return resampleTo16k(readWav(file));
}

/** Where speech really starts and ends in a clip (20 ms energy above -40 dB of its peak), in samples. */
export function speechBounds(samples: Float32Array): { start: number; end: number } {
  const win = 320;
  let peak = 0;
  const energies: number[] = [];
  for (let i = 0; i + win <= samples.length; i += win) {
    let e = 0;
    for (let j = i; j < i + win; j++) e += samples[j]! * samples[j]!;
    energies.push(e / win);
    peak = Math.max(peak, e / win);
  }
  const floor = peak * 1e-4;
  const first = energies.findIndex((e) => e > floor);
  let last = energies.length - 1;
  while (last > 0 && energies[last]! <= floor) last--;
  return { start: Math.max(0, first) * win, end: (last + 1) * win };
}

/** A 16-bit PCM mono WAV of 16 kHz samples, for Chromium's fake microphone. */
export function encodeWav16k(samples: Float32Array): Buffer {
  const b = Buffer.alloc(44 + samples.length * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + samples.length * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16_000, 24);
  b.writeUInt32LE(32_000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767))), 44 + i * 2);
  }
  return b;
}
