import { describe, expect, it } from 'vitest';
import { ComplexFft, RealFft } from './fft';
import {
  HOP_LENGTH,
  N_FFT,
  N_FREQS,
  StreamingLogMel,
  WHISPER_FRAMES,
  hannWindow,
  logMelSpectrogram,
  melFilterBank,
  type MelBins,
} from './log-mel';
import { seededRandom as random } from '../random/prng';

function naiveDft(re: ArrayLike<number>, im: ArrayLike<number>): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      outRe[k]! += re[j]! * Math.cos(a) - im[j]! * Math.sin(a);
      outIm[k]! += re[j]! * Math.sin(a) + im[j]! * Math.cos(a);
    }
  }
  return [outRe, outIm];
}

function sine(hz: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * 16_000));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / 16_000);
  return out;
}

/**
 * The signal the golden values were computed on: tones, a chirp and xorshift32 noise, float32. The
 * values come from a NumPy transcription of whisper.audio.log_mel_spectrogram (np.pad reflect,
 * np.fft.rfft, librosa's Slaney filterbank formula), run once when this test was written.
 */
function goldenSignal(): Float32Array {
  const n = 20_837;
  const out = new Float32Array(n);
  let st = 2463534242;
  for (let i = 0; i < n; i++) {
    st = (st ^ (st << 13)) >>> 0;
    st = (st ^ (st >>> 17)) >>> 0;
    st = (st ^ (st << 5)) >>> 0;
    const noise = (st / 4294967296) * 2 - 1;
    out[i] =
      0.4 * Math.sin((2 * Math.PI * 440 * i) / 16_000) +
      0.2 * Math.sin((2 * Math.PI * 2500 * i) / 16_000 + 0.3) * (i / n) +
      0.1 * Math.sin(2 * Math.PI * ((100 * i) / 16_000 + 1500 * (i / 16_000) ** 2)) +
      0.02 * noise;
  }
  return out;
}

interface Golden {
  shape: [number, number];
  sum: number;
  points: [number, number, number][];
}

// prettier-ignore
const GOLDEN: Record<'natural80' | 'pad200_80' | 'trim100_128', Golden> = {
  natural80: {
    shape: [80, 130],
    sum: 2704.854672,
    points: [[0,0,1.126996],[0,1,0.591745],[0,7,0.015037],[0,64,-0.042571],[0,97,0.170542],[0,98,0.10123],[0,128,0.112371],[0,129,0.190418],[5,0,0.940963],[5,1,0.600794],[5,7,0.630677],[5,64,0.000671],[5,97,-0.025045],[5,98,0.178769],[5,128,0.344804],[5,129,0.114115],[17,0,0.885216],[17,1,0.387492],[17,7,0.182164],[17,64,0.210785],[17,97,0.177237],[17,98,0.118296],[17,128,0.055561],[17,129,0.057624],[40,0,0.339357],[40,1,0.091459],[40,7,0.027194],[40,64,0.181708],[40,97,0.266613],[40,98,0.149502],[40,128,0.198273],[40,129,0.020053],[79,0,0.106697],[79,1,0.114067],[79,7,0.233091],[79,64,0.158579],[79,97,0.1506],[79,98,0.172087],[79,128,0.107335],[79,129,0.142827]],
  },
  pad200_80: {
    shape: [80, 200],
    sum: -411.05777,
    points: [[0,0,1.126996],[0,1,0.591745],[0,7,0.015037],[0,64,-0.042571],[0,97,0.170542],[0,98,0.10123],[0,128,0.112371],[0,129,0.190545],[0,130,0.771933],[0,131,0.541938],[0,132,-0.58398],[0,198,-0.58398],[0,199,-0.58398],[5,0,0.940963],[5,1,0.600794],[5,7,0.630677],[5,64,0.000671],[5,97,-0.025045],[5,98,0.178769],[5,128,0.344804],[5,129,0.114077],[5,130,0.838301],[5,131,0.612767],[5,132,-0.58398],[5,198,-0.58398],[5,199,-0.58398],[17,0,0.885216],[17,1,0.387492],[17,7,0.182164],[17,64,0.210785],[17,97,0.177237],[17,98,0.118296],[17,128,0.055561],[17,129,0.057482],[17,130,0.7174],[17,131,0.481012],[17,132,-0.58398],[17,198,-0.58398],[17,199,-0.58398],[40,0,0.339357],[40,1,0.091459],[40,7,0.027194],[40,64,0.181708],[40,97,0.266613],[40,98,0.149502],[40,128,0.198273],[40,129,0.020022],[40,130,0.376787],[40,131,0.078569],[40,132,-0.58398],[40,198,-0.58398],[40,199,-0.58398],[79,0,0.106697],[79,1,0.114067],[79,7,0.233091],[79,64,0.158579],[79,97,0.1506],[79,98,0.172087],[79,128,0.107335],[79,129,0.142824],[79,130,0.118976],[79,131,-0.251889],[79,132,-0.58398],[79,198,-0.58398],[79,199,-0.58398]],
  },
  trim100_128: {
    shape: [128, 100],
    sum: 2961.066594,
    points: [[0,0,1.051237],[0,1,0.515985],[0,7,-0.060723],[0,64,-0.11833],[0,97,0.094783],[0,98,0.02547],[0,99,0.392193],[5,0,0.723895],[5,1,0.971383],[5,7,0.114205],[5,64,0.142752],[5,97,0.090782],[5,98,0.142919],[5,99,0.392635],[17,0,1.125257],[17,1,1.288379],[17,7,1.289317],[17,64,1.289162],[17,97,1.288746],[17,98,1.287992],[17,99,1.287903],[40,0,0.670593],[40,1,0.050868],[40,7,0.215535],[40,64,0.289941],[40,97,0.294245],[40,98,0.111086],[40,99,0.279632],[127,0,0.015313],[127,1,0.072509],[127,7,0.231236],[127,64,0.150436],[127,97,0.127921],[127,98,0.206971],[127,99,0.220354]],
  },};

describe('FFT', () => {
  it('matches a naive O(n^2) DFT for mixed-radix, prime and power-of-two sizes', () => {
    const rand = random(1);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 12, 25, 30, 49, 97, 128, 200, 400]) {
      const re = Float64Array.from({ length: n }, () => rand() * 2 - 1);
      const im = Float64Array.from({ length: n }, () => rand() * 2 - 1);
      const [wantRe, wantIm] = naiveDft(re, im);
      new ComplexFft(n).transform(re, im);
      for (let k = 0; k < n; k++) {
        expect(re[k]).toBeCloseTo(wantRe[k]!, 9);
        expect(im[k]).toBeCloseTo(wantIm[k]!, 9);
      }
    }
  });

  it('computes the 400-point real DFT (bins 0..200) as the naive DFT does', () => {
    const rand = random(2);
    for (const n of [2, 10, 50, 400]) {
      const x = Float64Array.from({ length: n }, () => rand() * 2 - 1);
      const [wantRe, wantIm] = naiveDft(x, new Float64Array(n));
      const re = new Float64Array(n / 2 + 1);
      const im = new Float64Array(n / 2 + 1);
      new RealFft(n).forward(x, re, im);
      for (let k = 0; k <= n / 2; k++) {
        expect(re[k]).toBeCloseTo(wantRe[k]!, 9);
        expect(im[k]).toBeCloseTo(wantIm[k]!, 9);
      }
    }
  });
});

describe('mel filterbank', () => {
  // Written out separately from the module: librosa's Slaney scale and its area-normalised triangles.
  const toMel = (f: number) => (f < 1000 ? (3 * f) / 200 : 15 + (27 * Math.log(f / 1000)) / Math.log(6.4));
  const toHz = (m: number) => (m < 15 ? (200 * m) / 3 : 1000 * Math.exp(((m - 15) * Math.log(6.4)) / 27));

  for (const nMels of [80, 128] as MelBins[]) {
    it(`has ${nMels} rows equal to the Slaney formula evaluated at every FFT bin`, () => {
      const bank = melFilterBank(nMels);
      expect(bank.length).toBe(nMels * N_FREQS);
      const edges = Array.from({ length: nMels + 2 }, (_, i) => toHz((i * toMel(8000)) / (nMels + 1)));
      for (let m = 0; m < nMels; m++) {
        const [lo, mid, hi] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
        let rowSum = 0;
        for (let k = 0; k < N_FREQS; k++) {
          const f = k * 40;
          const rising = (f - lo) / (mid - lo);
          const falling = (hi - f) / (hi - mid);
          const want = Math.max(0, Math.min(rising, falling)) * (2 / (hi - lo));
          expect(bank[m * N_FREQS + k]).toBeCloseTo(want, 12);
          rowSum += bank[m * N_FREQS + k]!;
        }
        expect(rowSum).toBeGreaterThan(0); // no empty filter at n_fft 400, even with 128 bands
      }
    });
  }

  it('uses a periodic Hann window', () => {
    const w = hannWindow(N_FFT);
    expect(w[0]).toBe(0);
    expect(w[200]).toBeCloseTo(1, 15);
    expect(w[100]).toBeCloseTo(0.5, 15);
    expect(w[399]).toBeCloseTo(w[1]!, 15); // periodic: symmetric about 200, not about 199.5
  });
});

describe('log-mel spectrogram', () => {
  it('matches the NumPy transcription of Whisper at natural length, padded and cut', () => {
    const x = goldenSignal();
    const cases: [Golden, Float32Array][] = [
      [GOLDEN.natural80, logMelSpectrogram(x)],
      [GOLDEN.pad200_80, logMelSpectrogram(x, { frames: 200 })],
      [GOLDEN.trim100_128, logMelSpectrogram(x, { frames: 100, nMels: 128 })],
    ];
    for (const [golden, got] of cases) {
      const [nMels, frames] = golden.shape;
      expect(got.length).toBe(nMels * frames);
      for (const [m, t, want] of golden.points) expect(got[m * frames + t]).toBeCloseTo(want, 5);
      expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(golden.sum, 1);
    }
  });

  it('gives N / 160 frames for N samples (the last STFT frame dropped)', () => {
    expect(logMelSpectrogram(new Float32Array(16_000)).length).toBe(80 * 100);
    expect(logMelSpectrogram(new Float32Array(16_159)).length).toBe(80 * 100);
    expect(logMelSpectrogram(new Float32Array(16_160), { nMels: 128 }).length).toBe(128 * 101);
  });

  it('puts a 1 kHz tone in the mel band containing 1 kHz', () => {
    const frames = 100;
    const features = logMelSpectrogram(sine(1000, 1), { frames });
    const bank = melFilterBank(80);
    const bin = 1000 / (16_000 / N_FFT); // 25
    let band = 0;
    for (let m = 1; m < 80; m++) if (bank[m * N_FREQS + bin]! > bank[band * N_FREQS + bin]!) band = m;
    for (const t of [10, 50, 90]) {
      let loudest = 0;
      for (let m = 1; m < 80; m++)
        if (features[m * frames + t]! > features[loudest * frames + t]!) loudest = m;
      expect(loudest).toBe(band);
      expect(features[band * frames + t]).toBeGreaterThan(features[5 * frames + t]! + 1);
    }
  });

  it('gives the floor for silence, and pads with the features of silence', () => {
    const silence = logMelSpectrogram(new Float32Array(32_000), { frames: WHISPER_FRAMES });
    expect(silence.length).toBe(80 * WHISPER_FRAMES);
    expect(silence.every((v) => v === -1.5)).toBe(true); // (log10(1e-10) + 4) / 4
    const padded = logMelSpectrogram(sine(440, 2), { frames: WHISPER_FRAMES });
    const tone = logMelSpectrogram(sine(440, 2));
    const max = Math.max(...tone);
    // Past the audio (and the 200 samples its last window reaches), every value is the clamp (max - 8).
    expect(padded[5 * WHISPER_FRAMES + 2500]).toBeCloseTo((max * 4 - 4 - 8 + 4) / 4, 5);
  });

  it('handles audio shorter than the reflection padding', () => {
    for (const n of [0, 1, 2, 150, 199, 200, 201, 399]) {
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
      const natural = logMelSpectrogram(x);
      expect(natural.length).toBe(80 * Math.floor(n / HOP_LENGTH));
      const window = logMelSpectrogram(x, { frames: 10 });
      expect(window.length).toBe(800);
      expect(window.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('StreamingLogMel', () => {
  it('equals the one-shot features after every chunk, for random chunk sizes', () => {
    const rand = random(7);
    const audio = goldenSignal();
    const mel = new StreamingLogMel();
    let at = 0;
    while (at < audio.length) {
      const size = Math.min(audio.length - at, 1 + Math.floor(rand() * (rand() < 0.3 ? 60 : 2500)));
      mel.append(audio.subarray(at, at + size));
      at += size;
      const prefix = audio.subarray(0, at);
      for (const frames of [undefined, 150, 40]) {
        const want = logMelSpectrogram(prefix, { frames });
        const got = mel.features(frames);
        expect(got.length).toBe(want.length);
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
        expect(worst).toBeLessThan(1e-5);
      }
    }
    mel.reset();
    expect(mel.samples).toBe(0);
    mel.append(audio.subarray(0, 5000));
    expect(mel.features(60)).toEqual(logMelSpectrogram(audio.subarray(0, 5000), { frames: 60 }));
  });

  it('matches one-shot for 128 bands and a full Whisper window', () => {
    const audio = sine(700, 3.3, 0.3);
    const mel = new StreamingLogMel({ nMels: 128 });
    for (let at = 0; at < audio.length; at += 1600) mel.append(audio.subarray(at, at + 1600));
    const want = logMelSpectrogram(audio, { frames: WHISPER_FRAMES, nMels: 128 });
    const got = mel.features(WHISPER_FRAMES);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('reports its speed (printed, not asserted)', () => {
    const audio = goldenSignal();
    const thirty = new Float32Array(30 * 16_000);
    for (let i = 0; i < thirty.length; i++) thirty[i] = audio[i % audio.length]!;
    logMelSpectrogram(thirty.subarray(0, 16_000), { frames: WHISPER_FRAMES }); // warm up
    let oneShot = Infinity;
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      logMelSpectrogram(thirty, { frames: WHISPER_FRAMES });
      oneShot = Math.min(oneShot, performance.now() - t);
    }
    // A 12 s utterance arriving in 100 ms chunks, features of the 30 s window after each.
    const mel = new StreamingLogMel();
    const t0 = performance.now();
    for (let at = 0; at < 12 * 16_000; at += 1600) {
      mel.append(thirty.subarray(at, at + 1600));
      mel.features(WHISPER_FRAMES);
    }
    const perPartial = (performance.now() - t0) / 120;
    console.log(
      `log-mel: 30 s of audio in ${oneShot.toFixed(1)} ms (best of 3); streaming partial (100 ms appended, 3000 frames) ` +
        `${perPartial.toFixed(2)} ms`,
    );
  });
});
