import { describe, expect, it } from 'vitest';
import type { ComplianceViolation } from '../../core/protocol/compliance';
import { mergeViolations, upsertViolation, VIOLATION_LIMIT } from './violations-model';

const v = (
  id: string,
  at: number,
  words = 'x',
  acknowledgedAt: number | null = null,
): ComplianceViolation => ({
  id,
  roomId: 'r1',
  at,
  source: 'caption',
  sourceId: `c-${id}`,
  lang: 'zh',
  text: words,
  level: 2,
  flags: [
    {
      category: 'absolute_term',
      rule: 'cn-abs',
      words,
      market: 'CN',
      severity: 2,
      citation: 'art. 9',
      rephrase: '',
    },
  ],
  acknowledgedAt,
});

describe('the room view’s compliance list', () => {
  it('keeps one row per violation: a grown or acknowledged one replaces its earlier version', () => {
    let list = upsertViolation([], v('a', 10));
    list = upsertViolation(list, v('b', 5));
    list = upsertViolation(list, v('a', 10, '国家级 根治', 99));
    expect(list.map((x) => [x.id, x.text, x.acknowledgedAt])).toEqual([
      ['b', 'x', null],
      ['a', '国家级 根治', 99],
    ]);
  });

  it('merges what arrived live while the list loaded, and keeps the newest ones only', () => {
    const loaded = [v('a', 1), v('b', 2)];
    expect(mergeViolations(loaded, [v('b', 2, 'grown'), v('c', 3)]).map((x) => [x.id, x.text])).toEqual([
      ['a', 'x'],
      ['b', 'grown'],
      ['c', 'x'],
    ]);
    const many = Array.from({ length: VIOLATION_LIMIT + 5 }, (_, i) => v(`v${i}`, i));
    const kept = mergeViolations(many, []);
    expect(kept).toHaveLength(VIOLATION_LIMIT);
    expect(kept[0]?.id).toBe('v5');
  });
});
