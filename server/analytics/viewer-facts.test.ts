import { describe, expect, it } from 'vitest';
import { Identities } from '../auth/viewer-identity';
import { batchLang, fromAcceptLanguage, liveFact, pinFact, viewerFact } from './viewer-facts';

describe('viewer facts', () => {
  it('gives two rooms going live, ending or pinning in the same ms facts of their own', () => {
    // Found by trust-media's 300 rooms: a shared id made the second room's end look like a resend, so the
    // room stayed live on the board.
    for (const make of [
      (r: string) => liveFact(r, 'start', 1000),
      (r: string) => liveFact(r, 'end', 1000),
      (r: string) => pinFact(r, null, 1000),
    ]) {
      expect(make('room-a').id).not.toBe(make('room-b').id);
    }
  });

  it('takes the language and the region from Accept-Language', () => {
    expect(fromAcceptLanguage('pt-BR,pt;q=0.9,en;q=0.8')).toEqual({ lang: 'pt-BR', region: 'BR' });
    expect(fromAcceptLanguage('es;q=0.9, es-419;q=0.5')).toEqual({ lang: 'es', region: '419' });
    expect(fromAcceptLanguage('zh-Hant-TW')).toEqual({ lang: 'zh-Hant-TW', region: 'TW' });
    expect(fromAcceptLanguage('*')).toEqual({ lang: null, region: null });
    expect(fromAcceptLanguage(undefined)).toEqual({ lang: null, region: null });
    expect(batchLang({ lang: 'ja' }, 'en')).toBe('ja');
    expect(batchLang({}, 'en')).toBe('en');
    expect(batchLang({}, null)).toBe('und');
  });

  it('stamps an event with the server-derived viewer, unlinkable to the author handle', () => {
    const ids = new Identities('secret-secret-secret-secret');
    const viewer = ids.analyticsId('room-1', 'sub-1');
    expect(viewer).not.toBe(ids.handle('room-1', 'sub-1'));
    expect(viewer).toBe(ids.analyticsId('room-1', 'sub-1'));
    expect(viewer).not.toBe(ids.analyticsId('room-2', 'sub-1'));
    const stamp = { roomId: 'room-1', viewer, session: 'sock-1', lang: 'fr', region: 'CA' };
    const fact = viewerFact(
      stamp,
      { id: 'evt-00000001', t: 5, type: 'click', productId: 'p', target: 'buy' },
      42,
    );
    expect(fact).toEqual({
      id: `${viewer}.evt-00000001`,
      roomId: 'room-1',
      at: 42,
      viewer,
      lang: 'fr',
      region: 'CA',
      kind: 'click',
      productId: 'p',
      target: 'buy',
    });
  });
});
