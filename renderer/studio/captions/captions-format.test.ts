import { describe, expect, it } from 'vitest';
import {
  demandEntries,
  downloadPercent,
  formatBytes,
  lagLevel,
  lagPercent,
  laneOrder,
} from './captions-format';

describe('captions card formatting', () => {
  it('reads model sizes the way download pages do', () => {
    expect(formatBytes(290_000_000)).toBe('290 MB');
    expect(formatBytes(1_230_000_000)).toBe('1.2 GB');
    expect(formatBytes(75_000)).toBe('75 kB');
  });

  it('turns the lag amber over 1 s and red over 2 s', () => {
    expect([400, 1000, 1001, 2000, 2001].map(lagLevel)).toEqual(['ok', 'ok', 'warn', 'warn', 'bad']);
    expect(lagPercent(0)).toBe(2);
    expect(lagPercent(1500)).toBe(50);
    expect(lagPercent(9000)).toBe(100);
  });

  it('shows download progress in whole percent, unknown size as 0', () => {
    expect(downloadPercent({ bytes: 200, downloadedBytes: 99 })).toBe(49);
    expect(downloadPercent({ bytes: 0, downloadedBytes: 5 })).toBe(0);
  });

  it('lists the spoken language first, then the others once each', () => {
    expect(laneOrder('zh-CN', ['ja', 'en', 'zh-CN', 'ja', 'xx'])).toEqual(['zh-CN', 'en', 'ja', 'xx']);
  });

  it('lists what viewers want, most wanted first', () => {
    expect(demandEntries({ ja: 1, es: 3, fr: 0 })).toEqual([
      ['es', 3],
      ['ja', 1],
    ]);
  });
});
