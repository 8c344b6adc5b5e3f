import { describe, expect, it } from 'vitest';
import type { ComplianceFlag } from '../protocol/compliance';
import { markers } from './highlights';
import type { ReplayInputs } from './replay-inputs';
import { replayModel } from './replay-model';
import { complianceMarkers, replayViolations } from './violations';

const T0 = 1_760_000_000_000;
const flag = (category: ComplianceFlag['category'], words: string, market = 'CN'): ComplianceFlag => ({
  category,
  rule: `${market}-${category}`,
  words,
  market,
  severity: 2,
  citation: 'Advertising Law art. 9(3)',
  rephrase: category === 'absolute_term' ? '我们自己的配方' : '',
});

function inputs(patch: Partial<ReplayInputs> = {}): ReplayInputs {
  return {
    roomId: 'r',
    liveStartedAt: T0,
    endAt: T0 + 120_000,
    facts: [],
    comments: [],
    marks: [{ at: T0 + 10_000, label: 'intro' }],
    alerts: [
      { at: T0 + 30_000, kind: 'sold_out' },
      { at: T0 + 42_000, kind: 'compliance' },
    ],
    violations: [
      {
        id: 'v2',
        at: T0 + 90_000,
        level: 1,
        source: 'comment',
        flags: [flag('false_urgency', 'last chance', 'EU')],
      },
      {
        id: 'v1',
        at: T0 + 42_000,
        level: 2,
        source: 'caption',
        flags: [
          flag('absolute_term', '国家级'),
          flag('medical_claim', '根治脱发'),
          flag('medical_claim', '根治脱发', 'SA'),
        ],
      },
      // Before the stream (a rehearsal) and after its end: not part of this replay.
      { id: 'v0', at: T0 - 5_000, level: 2, source: 'caption', flags: [flag('absolute_term', '最佳')] },
      { id: 'v9', at: T0 + 200_000, level: 2, source: 'caption', flags: [flag('absolute_term', '第一')] },
    ],
    gaps: [],
    titles: {},
    ...patch,
  };
}

describe('compliance violations in a replay', () => {
  it('lists each event once at its stream time, with its categories, markets and words once each', () => {
    expect(replayViolations(inputs())).toEqual([
      {
        id: 'v1',
        t: 42_000,
        level: 2,
        source: 'caption',
        categories: ['absolute_term', 'medical_claim'],
        markets: ['CN', 'SA'],
        words: ['国家级', '根治脱发'],
        rephrase: '我们自己的配方',
      },
      {
        id: 'v2',
        t: 90_000,
        level: 1,
        source: 'comment',
        categories: ['false_urgency'],
        markets: ['EU'],
        words: ['last chance'],
        rephrase: '',
      },
    ]);
  });

  it('marks them on the timeline as compliance markers, and not a second time as their alerts', () => {
    const all = markers(inputs()).map((m) => [m.kind, m.t, m.label]);
    expect(all).toEqual([
      ['mark', 10_000, 'intro'],
      ['alert', 30_000, 'sold_out'],
      ['compliance', 42_000, 'absolute_term,medical_claim'],
      ['compliance', 90_000, 'false_urgency'],
    ]);
    expect(complianceMarkers(inputs({ violations: undefined }))).toEqual([]);
    expect(replayModel(inputs()).violations.map((v) => v.id)).toEqual(['v1', 'v2']);
  });
});
