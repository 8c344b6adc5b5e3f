import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../core/protocol/analytics-events';
import { draftToThresholds, toDraft } from './thresholds-draft';

describe('the thresholds form', () => {
  it('sends every field for the global defaults, and only the filled ones as a room’s overrides', () => {
    const draft = toDraft(DEFAULT_THRESHOLDS);
    expect(draftToThresholds(draft, false)).toEqual({ ok: true, value: DEFAULT_THRESHOLDS });
    const room = { ...toDraft({}), gpmDropPct: '50', stockLow: ' 3 ' };
    expect(draftToThresholds(room, true)).toEqual({ ok: true, value: { gpmDropPct: 50, stockLow: 3 } });
  });

  it('names the first field out of range or not a number, and sends nothing', () => {
    expect(draftToThresholds({ ...toDraft(DEFAULT_THRESHOLDS), gpmDropPct: '0' }, false)).toEqual({
      ok: false,
      field: 'gpmDropPct',
    });
    expect(draftToThresholds({ ...toDraft({}), stockLow: '2.5' }, true)).toEqual({
      ok: false,
      field: 'stockLow',
    });
    expect(draftToThresholds({ ...toDraft({}), minFps: 'fast' }, true)).toEqual({
      ok: false,
      field: 'minFps',
    });
    // an empty global field is not "no change": the defaults need every value
    expect(draftToThresholds({ ...toDraft(DEFAULT_THRESHOLDS), lossPct: '' }, false)).toEqual({
      ok: false,
      field: 'lossPct',
    });
  });
});
