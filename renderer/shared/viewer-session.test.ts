import { describe, expect, it } from 'vitest';
import {
  EXPIRY_MARGIN_MS,
  forgetLegacyViewerId,
  loadViewerSession,
  saveViewerSession,
  viewerDisplayName,
  viewerSessionKey,
  type SessionStorage,
} from './viewer-session';

const memory = (): SessionStorage & { items: Map<string, string> } => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  };
};
const NOW = 1_800_000_000_000;
const session = {
  token: 'signed.token',
  roomId: 'room-1',
  handle: 'uAbCdEfGh1234',
  expiresAt: NOW + 3_600_000,
};

describe('the viewer identity kept by the browser', () => {
  it('is kept per room and read back as it was issued', () => {
    const storage = memory();
    saveViewerSession(storage, session);
    expect(storage.items.has('livebridge.viewer.room-1')).toBe(true);
    expect(loadViewerSession(storage, 'room-1', NOW)).toEqual(session);
    expect(loadViewerSession(storage, 'room-2', NOW)).toBeNull();
  });

  it('is not presented once expired or about to, and is then forgotten', () => {
    const storage = memory();
    saveViewerSession(storage, session);
    expect(loadViewerSession(storage, 'room-1', session.expiresAt - EXPIRY_MARGIN_MS + 1)).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('ignores what is not an identity of that room: bad JSON, wrong shape, another room under its key', () => {
    for (const raw of [
      '{not json',
      JSON.stringify({ ...session, token: '' }),
      JSON.stringify({ ...session, expiresAt: 'soon' }),
      JSON.stringify({ token: 'x', roomId: 'room-1' }),
      JSON.stringify({ ...session, roomId: 'room-2' }),
    ]) {
      const storage = memory();
      storage.setItem(viewerSessionKey('room-1'), raw);
      expect(loadViewerSession(storage, 'room-1', NOW), raw).toBeNull();
    }
  });

  it('survives storage that refuses access', () => {
    const refusing: SessionStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(loadViewerSession(refusing, 'room-1', NOW)).toBeNull();
    expect(() => saveViewerSession(refusing, session)).not.toThrow();
    expect(() => forgetLegacyViewerId(refusing)).not.toThrow();
    expect(loadViewerSession(null, 'room-1', NOW)).toBeNull();
  });

  it('names the viewer after the last characters of its handle, and drops the old browser-made id', () => {
    expect(viewerDisplayName(session.handle)).toBe('Viewer 1234');
    const storage = memory();
    storage.setItem('livebridge.viewerId', 'f3b1c2d4-0000-4000-8000-000000000000');
    forgetLegacyViewerId(storage);
    expect(storage.items.size).toBe(0);
  });
});
