import { describe, expect, it } from 'vitest';
import type { ComplianceViolation } from '../../../core/protocol/compliance';
import { activeWarnings, mergeViolation, NOTICE_MS } from './compliance-desk';
import { groupFlags, markedParts } from './ComplianceWarnings';

const flag = (over: Partial<ComplianceViolation['flags'][number]> = {}) => ({
  category: 'absolute_term' as const,
  rule: 'cn.abs',
  words: '国家级',
  market: 'CN',
  severity: 2 as const,
  citation: 'Advertising Law art. 9(3)',
  rephrase: '精选',
  ...over,
});
const v = (
  id: string,
  at: number,
  level: 1 | 2,
  over: Partial<ComplianceViolation> = {},
): ComplianceViolation => ({
  id,
  roomId: 'r1',
  at,
  source: 'caption',
  sourceId: id,
  lang: 'zh-CN',
  text: '这款洗发水是国家级配方，还能根治脱发',
  level,
  flags: [flag({ severity: level })],
  acknowledgedAt: null,
  ...over,
});

describe('compliance warnings in the studio', () => {
  it('keeps one entry per violation, its latest state, oldest first', () => {
    let list = mergeViolation([], v('b', 20, 1));
    list = mergeViolation(list, v('a', 10, 2));
    list = mergeViolation(list, v('b', 20, 2));
    expect(list.map((x) => [x.id, x.level])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });

  it('shows level 2 until acknowledged, level 1 for a few seconds after it arrived, newest first', () => {
    const list = [v('old2', 1, 2), v('n1', 2, 1), v('acked', 3, 2, { acknowledgedAt: 5 }), v('new2', 4, 2)];
    const shownAt = new Map([['n1', 1000]]);
    const at = (now: number, dismissed = new Set<string>()) =>
      activeWarnings(list, shownAt, dismissed, now).map((x) => x.id);
    expect(at(1000)).toEqual(['new2', 'n1', 'old2']);
    expect(at(1000 + NOTICE_MS - 1)).toEqual(['new2', 'n1', 'old2']);
    expect(at(1000 + NOTICE_MS)).toEqual(['new2', 'old2']);
    expect(at(1000, new Set(['n1', 'new2']))).toEqual(['old2']);
  });

  it('groups one rule on the same words across markets, level 2 first', () => {
    const g = groupFlags([
      flag({ market: 'CN', severity: 1, rule: 'x', words: 'best' }),
      flag({ market: 'CN' }),
      flag({ market: 'EU' }),
    ]);
    expect(g.map((f) => [f.rule, f.markets])).toEqual([
      ['cn.abs', ['CN', 'EU']],
      ['x', ['CN']],
    ]);
  });

  it('marks the flagged words in the sentence', () => {
    expect(markedParts('这款是国家级配方，还能根治脱发', ['根治', '国家级', 'missing'])).toEqual([
      { text: '这款是', marked: false },
      { text: '国家级', marked: true },
      { text: '配方，还能', marked: false },
      { text: '根治', marked: true },
      { text: '脱发', marked: false },
    ]);
  });
});
