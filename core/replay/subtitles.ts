// WebVTT and SRT of one caption language. Every stored caption is AI-generated, and the file says so: a NOTE
// block in WebVTT (players ignore it), and a first cue in SRT (which has no comments), naming the engine.
import type { TranscriptLine } from '../protocol/replay';

/** The AI label written into each file, in English and Chinese (the files are read with any player). */
export function aiLabel(engine: string, lang: string): string {
  return `AI-generated captions (${lang}), engine: ${engine}. 本字幕由 AI 生成（引擎：${engine}）。`;
}

function clock(ms: number, sep: '.' | ','): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(t % 1000, 3)}`;
}

/** A cue's text: no blank line (it would end the cue), no "-->" (it would read as timing). */
const cueText = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n')
    .replace(/-->/g, '->');

/** A cue lasts at least this long, so a zero-length caption still shows. */
const MIN_CUE_MS = 500;
const endOf = (l: TranscriptLine) => Math.max(l.endMs, l.startMs + MIN_CUE_MS);

export function toWebVtt(lines: readonly TranscriptLine[], engine: string, lang: string): string {
  const label = aiLabel(engine, lang).replace(/-->/g, '->');
  const out = ['WEBVTT', '', `NOTE ${label}`, ''];
  for (const l of lines) {
    const text = cueText(l.text);
    if (!text) continue;
    out.push(`${clock(l.startMs, '.')} --> ${clock(endOf(l), '.')}`, text, '');
  }
  return out.join('\n');
}

export function toSrt(lines: readonly TranscriptLine[], engine: string, lang: string): string {
  const cues = lines.filter((l) => cueText(l.text));
  const firstStart = cues[0]?.startMs ?? 0;
  // The label shows before the first caption (or, when speech starts at once, for its first second).
  const labelEnd = firstStart >= 1000 ? Math.min(firstStart, 4000) : 1000;
  const out = ['1', `${clock(0, ',')} --> ${clock(labelEnd, ',')}`, aiLabel(engine, lang), ''];
  cues.forEach((l, i) => {
    out.push(
      String(i + 2),
      `${clock(l.startMs, ',')} --> ${clock(endOf(l), ',')}`,
      cueText(l.text).replace(/\n/g, '\r\n'),
      '',
    );
  });
  return out.join('\r\n');
}
