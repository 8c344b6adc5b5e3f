import { describe, expect, it } from 'vitest';
import { findOpsToken, forgetOpsToken, OPS_TOKEN_KEY } from './ops-token';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}

describe('the ops token in the address', () => {
  it('is taken from the link, kept for the tab, and removed from the address (other parameters stay)', () => {
    const s = memoryStorage();
    const found = findOpsToken('http://127.0.0.1:8787/dashboard?token=abc.def&x=1#room=r1', s);
    expect(found).toEqual({ token: 'abc.def', cleanUrl: '/dashboard?x=1#room=r1' });
    expect(s.m.get(OPS_TOKEN_KEY)).toBe('abc.def');
    expect(findOpsToken('http://h/dashboard?token=t', s).cleanUrl).toBe('/dashboard');
  });

  it('comes from the tab’s storage after the address was cleaned (a reload)', () => {
    const s = memoryStorage();
    findOpsToken('http://h/dashboard?token=kept', s);
    expect(findOpsToken('http://h/dashboard', s)).toEqual({ token: 'kept', cleanUrl: null });
  });

  it('is missing without link or storage, and an empty token= does not count', () => {
    expect(findOpsToken('http://h/dashboard', memoryStorage()).token).toBeNull();
    expect(findOpsToken('http://h/dashboard?token=', memoryStorage())).toEqual({
      token: null,
      cleanUrl: '/dashboard',
    });
    expect(findOpsToken('http://h/dashboard?token=x', null).token).toBe('x');
  });

  it('is forgotten once refused', () => {
    const s = memoryStorage();
    findOpsToken('http://h/dashboard?token=old', s);
    forgetOpsToken(s);
    expect(findOpsToken('http://h/dashboard', s).token).toBeNull();
  });

  it('survives a storage that throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(findOpsToken('http://h/dashboard?token=x', throwing).token).toBe('x');
    expect(findOpsToken('http://h/dashboard', throwing).token).toBeNull();
    expect(() => forgetOpsToken(throwing)).not.toThrow();
  });
});
