import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language';

describe('detectLanguage', () => {
  it('decides by script first', () => {
    expect(detectLanguage('这个口红颜色太好看了')).toBe('zh');
    expect(detectLanguage('這個真的很讚')).toBe('zh');
    expect(detectLanguage('この色、めっちゃかわいい')).toBe('ja');
    expect(detectLanguage('最高です')).toBe('ja');
    expect(detectLanguage('이거 진짜 예쁘다')).toBe('ko');
    expect(detectLanguage('هذا المنتج رائع')).toBe('ar');
    expect(detectLanguage('این خیلی خوب است')).toBe('fa');
    expect(detectLanguage('यह बहुत अच्छा है')).toBe('hi');
    expect(detectLanguage('สวยมากค่ะ')).toBe('th');
    expect(detectLanguage('очень красиво')).toBe('ru');
    expect(detectLanguage('дуже гарно, дякую і все')).toBe('uk');
    expect(detectLanguage('πολύ ωραίο')).toBe('el');
    expect(detectLanguage('זה מעולה')).toBe('he');
  });

  it('uses eld for Latin-script text', () => {
    expect(detectLanguage('this lipstick looks amazing on you')).toBe('en');
    expect(detectLanguage('me encanta este color, lo quiero')).toBe('es');
    expect(detectLanguage('eu quero esse produto, quanto custa?')).toBe('pt');
    expect(detectLanguage("j'adore cette couleur, c'est magnifique")).toBe('fr');
    expect(detectLanguage('das ist wirklich sehr schön')).toBe('de');
    expect(detectLanguage('questo colore è bellissimo')).toBe('it');
  });

  it('recognises romanised Hindi, which eld does not cover', () => {
    expect(detectLanguage('bhai ye kya mast cheez hai')).toBe('hi');
  });

  it('places one-word chat laughter and greetings', () => {
    expect(detectLanguage('jajajaja')).toBe('es');
    expect(detectLanguage('kkkkkk')).toBe('pt');
    expect(detectLanguage('mdr')).toBe('fr');
    expect(detectLanguage('wkwkwk')).toBe('id');
  });

  it("says 'und' when there are no letters to go on", () => {
    expect(detectLanguage('')).toBe('und');
    expect(detectLanguage('   ')).toBe('und');
    expect(detectLanguage('666666')).toBe('und');
    expect(detectLanguage('🔥🔥🔥')).toBe('und');
    expect(detectLanguage('!!!???')).toBe('und');
  });
});
