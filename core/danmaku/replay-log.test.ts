import { describe, expect, it } from 'vitest';
import { parseBilibiliLine, ReplayCursor } from './replay-log';

const line = (o: object) => JSON.stringify({ file: 'x.xml', size: 25, unix_ts: 1, pool: '0', ...o });

describe('parseBilibiliLine', () => {
  it('reads scroll, top and bottom comments with their time and colour', () => {
    expect(parseBilibiliLine(line({ video_time_s: 1.5, mode: 1, color: 16777215, text: '合影' }))).toEqual({
      t: 1500,
      text: '合影',
      mode: 'scroll',
      color: 0xffffff,
    });
    expect(parseBilibiliLine(line({ video_time_s: 2, mode: 4, color: 255, text: 'b' }))?.mode).toBe('bottom');
    expect(parseBilibiliLine(line({ video_time_s: 2, mode: 5, color: 255, text: 't' }))?.mode).toBe('top');
    expect(parseBilibiliLine(line({ video_time_s: 2, mode: 6, color: 255, text: 'r' }))?.mode).toBe('scroll');
  });

  it('shows a positioned (mode 7) comment as its plain text, and skips what it cannot show', () => {
    const positioned = '[0,0,"1-1",3.8,"<b>字幕</b>：择日",0,0,0,0,1000,0,true,"微软雅黑",1]';
    expect(parseBilibiliLine(line({ video_time_s: 3, mode: 7, color: 1, text: positioned }))).toMatchObject({
      text: '<b>字幕</b>：择日',
      mode: 'scroll',
    });
    expect(parseBilibiliLine(line({ video_time_s: 3, mode: 7, color: 1, text: '[broken' }))).toBeNull();
    expect(parseBilibiliLine(line({ video_time_s: 3, mode: 8, color: 1, text: 'Player.play()' }))).toBeNull();
    expect(parseBilibiliLine(line({ video_time_s: 3, mode: 1, color: 1, text: '   ' }))).toBeNull();
    expect(parseBilibiliLine('not json')).toBeNull();
  });
});

describe('ReplayCursor', () => {
  const log = Array.from({ length: 100 }, (_, i) => ({ t: i * 100, text: `c${i}` }));
  const run = (cursor: ReplayCursor<(typeof log)[number]>, now: number) => {
    const out: string[] = [];
    let seeked = false;
    cursor.advance(
      now,
      (e) => out.push(e.text),
      () => {
        // The stage is cleared before the entries at the new position come.
        expect(out).toEqual([]);
        seeked = true;
      },
    );
    return { out, seeked };
  };

  it('hands out each entry once, when the clock passes it', () => {
    const cursor = new ReplayCursor(log);
    expect(run(cursor, 0)).toEqual({ out: ['c0'], seeked: false });
    expect(run(cursor, 250).out).toEqual(['c1', 'c2']);
    expect(run(cursor, 250).out).toEqual([]);
    expect(run(cursor, 300).out).toEqual(['c3']);
  });

  it('treats a jump as a seek: resumes one second before the new time', () => {
    const cursor = new ReplayCursor(log);
    run(cursor, 500);
    expect(run(cursor, 6000)).toEqual({
      out: ['c50', 'c51', 'c52', 'c53', 'c54', 'c55', 'c56', 'c57', 'c58', 'c59', 'c60'],
      seeked: true,
    });
    const back = run(cursor, 1000);
    expect(back.seeked).toBe(true);
    expect(back.out[0]).toBe('c0');
    expect(back.out.at(-1)).toBe('c10');
    run(cursor, 9900);
    expect(cursor.done).toBe(true);
  });

  it('resumes a grown log where the previous cursor was, without handing anything out twice', () => {
    const first = new ReplayCursor(log.slice(0, 30));
    run(first, 500);
    const before = run(first, 1500).out;
    expect(before.at(-1)).toBe('c15');
    // The log grew (a later window of comments arrived): a new cursor resumes at 1500, not a second before.
    const grown = new ReplayCursor(log, 1500);
    const next = run(grown, 1700);
    expect(next).toEqual({ out: ['c16', 'c17'], seeked: false });
    // A jump from there is still a seek.
    expect(run(grown, 8000).seeked).toBe(true);
  });
});
