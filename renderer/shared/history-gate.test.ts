import { describe, expect, it } from 'vitest';
import { HistoryGate } from './history-gate';

describe('history gate', () => {
  it('puts live items that arrive while the history loads after the history, in order', () => {
    const shown: string[] = [];
    const gate = new HistoryGate<string>((c) => shown.push(c));
    gate.hold();
    gate.live('c2');
    gate.live('c3');
    shown.push('c0', 'c1'); // the history, applied when it arrives
    gate.release();
    gate.live('c4');
    expect(shown).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('applies live items at once when no history is loading, and release is safe twice', () => {
    const shown: number[] = [];
    const gate = new HistoryGate<number>((n) => shown.push(n));
    gate.live(1);
    gate.release();
    gate.release();
    expect(shown).toEqual([1]);
  });
});
