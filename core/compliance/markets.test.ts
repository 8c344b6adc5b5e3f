import { describe, expect, it } from 'vitest';
import { loadPacks } from '../../server/compliance/pack-files';
import { defaultHome, marketOfViewer, roomMarkets } from './markets';

const { packs } = loadPacks();

describe('stream markets', () => {
  it('maps a viewer by region first (Mexico has no pack), else by language', () => {
    expect(marketOfViewer(packs, 'es', 'ES')).toBe('EU');
    expect(marketOfViewer(packs, 'es', 'MX')).toBeNull();
    expect(marketOfViewer(packs, 'es', null)).toBe('EU');
    expect(marketOfViewer(packs, 'ar', 'SA')).toBe('GULF');
    expect(marketOfViewer(packs, 'en', 'AE')).toBe('GULF');
    expect(marketOfViewer(packs, 'zh-CN', null)).toBe('CN');
    expect(marketOfViewer(packs, 'ko', null)).toBeNull();
    expect(marketOfViewer(packs, 'und', null)).toBeNull();
  });

  it('takes the home market from the host language', () => {
    expect(defaultHome(packs, 'zh-CN')).toBe('CN');
    expect(defaultHome(packs, 'ja')).toBe('JP');
    expect(defaultHome(packs, 'en-US')).toBe('US');
    expect(defaultHome(packs, 'es-ES')).toBe('EU');
  });

  it('puts home first, then markets by viewers, then added ones; never an excluded one but home', () => {
    const m = roomMarkets(packs, 'r1', { home: 'CN', added: ['JP', 'NOPE'], excluded: ['GULF', 'CN'] }, [
      'EU',
      'EU',
      'US',
      'GULF',
      null,
      'CN',
    ]);
    expect(m.markets.map((x) => [x.market, x.why, x.viewers])).toEqual([
      ['CN', 'home', 1],
      ['EU', 'audience', 2],
      ['US', 'audience', 1],
      ['JP', 'added', 0],
    ]);
    expect(m.markets[1]!.share).toBeCloseTo(2 / 6);
    expect(m.unmapped).toBe(1);
    expect(m.excluded).toEqual(['GULF']);
    expect(m.added).toEqual(['JP']);
    expect(m.available.map((a) => a.market)).toEqual(['CN', 'EU', 'GULF', 'ID', 'JP', 'US']);
    expect(m.markets[0]!.sellingPoints.length).toBeGreaterThan(0);
  });

  it('shares are 0 with nobody online', () => {
    const m = roomMarkets(packs, 'r1', { home: 'US', added: [], excluded: [] }, []);
    expect(m.markets).toHaveLength(1);
    expect(m.markets[0]!.share).toBe(0);
  });
});
