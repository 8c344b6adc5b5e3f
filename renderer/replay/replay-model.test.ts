import { describe, expect, it } from 'vitest';
import type { ReplayDetail, TranscriptLine } from '../../core/protocol/replay';
import { defaultCaptionLang, lineAt, secondsLeft } from './replay-model';

const line = (startMs: number): TranscriptLine => ({
  id: `l${startMs}`,
  lang: 'en',
  startMs,
  endMs: startMs + 900,
  text: '',
});

describe('lineAt', () => {
  const lines = [line(1000), line(2000), line(2000), line(5000)];
  it('is the last line started at or before the time, -1 before the first', () => {
    expect(lineAt(lines, 0)).toBe(-1);
    expect(lineAt(lines, 1000)).toBe(0);
    expect(lineAt(lines, 2500)).toBe(2);
    expect(lineAt(lines, 99_000)).toBe(3);
    expect(lineAt([], 5)).toBe(-1);
  });
});

describe('secondsLeft', () => {
  it('counts down to 60 s after the end, never below 1 s while still finishing', () => {
    expect(secondsLeft(100_000, 100_000)).toBe(60);
    expect(secondsLeft(100_000, 145_500)).toBe(15);
    expect(secondsLeft(100_000, 400_000)).toBe(1);
    expect(secondsLeft(null, 0)).toBe(60);
  });
});

describe('defaultCaptionLang', () => {
  const detail = (langs: [string, boolean][]) =>
    ({
      captions: langs.map(([lang, source]) => ({ lang, source, lines: 1, engine: 'local' })),
    }) as ReplayDetail;
  it("opens the interface language's track, else its base language's, else the speech, else the first", () => {
    const d = detail([
      ['zh-CN', true],
      ['en', false],
      ['es-MX', false],
    ]);
    expect(defaultCaptionLang(d, 'en')).toBe('en');
    expect(defaultCaptionLang(d, 'zh-CN')).toBe('zh-CN');
    expect(defaultCaptionLang(d, 'es')).toBe('es-MX');
    expect(defaultCaptionLang(d, 'fr')).toBe('zh-CN');
    expect(defaultCaptionLang(detail([['ja', false]]), 'fr')).toBe('ja');
    expect(defaultCaptionLang(detail([]), 'en')).toBeNull();
  });
});
