import { describe, expect, it } from 'vitest';
import { addMoney, dominantCurrency, formatMoneyMap } from './money';

describe('money per currency', () => {
  it('formats each currency on its own with its minor units, never a sum', () => {
    expect(formatMoneyMap({ USD: 1234, JPY: 5000 }, 'en')).toBe('¥5,000 · $12.34');
    expect(formatMoneyMap({ EUR: 99 }, 'en')).toBe('€0.99');
    expect(formatMoneyMap({}, 'en')).toBe('–');
    expect(formatMoneyMap({ USD: 0 }, 'en')).toBe('–');
  });

  it('formats in the reader’s language', () => {
    expect(formatMoneyMap({ CNY: 123456 }, 'zh-CN')).toBe('¥1,234.56');
  });

  it('shows an unknown currency code with its amount instead of throwing', () => {
    expect(formatMoneyMap({ XXXX: 150 }, 'en')).toBe('1.50 XXXX');
  });

  it('adds only within a currency', () => {
    expect(addMoney({ USD: 100 }, { USD: 50, EUR: 7 })).toEqual({ USD: 150, EUR: 7 });
  });

  it('picks the currency most amounts have', () => {
    expect(dominantCurrency([{ USD: 1 }, { USD: 2, EUR: 1 }, { EUR: 5 }, { JPY: 1 }, { USD: 3 }])).toBe(
      'USD',
    );
    expect(dominantCurrency([{}, { USD: 0 }])).toBeNull();
  });
});
