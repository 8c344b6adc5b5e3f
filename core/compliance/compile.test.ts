// Patterns that need a number run only on text with a digit: the split must never skip a pattern that
// can match without one.
import { describe, expect, it } from 'vitest';
import { requiresDigit } from './compile';

describe('requiresDigit', () => {
  it('is true only when every match has a digit', () => {
    expect(requiresDigit('only \\d+ left')).toBe(true);
    expect(requiresDigit('(?:lose|drop) \\d+ ?(?:kg|lbs)')).toBe(true);
    expect(requiresDigit('you will earn [$€] ?\\d[\\d,.]*')).toBe(true);
    expect(requiresDigit('(?:\\d+|ten) kg')).toBe(false);
    expect(requiresDigit('only \\d+ left|last chance')).toBe(false);
    expect(requiresDigit('size \\d? fits')).toBe(false);
    expect(requiresDigit('size \\d* fits')).toBe(false);
    expect(requiresDigit('[\\d]+ left')).toBe(false);
    expect(requiresDigit('guaranteed to lose')).toBe(false);
  });
});
