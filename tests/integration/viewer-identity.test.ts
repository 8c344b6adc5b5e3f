// The viewer page's identity against a stand-in backend: a real socket.io server on 127.0.0.1 that checks
// handshakes as the gateway does (the link's room token, or an identity it issued) and sends
// session:identity after a link connection. The RoomClient and the page's identity keeping are the real ones.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  ViewerSession,
} from '../../core/protocol/socket-events';
import { RoomClient } from '../../renderer/media/room-client';
import { viewerSessionKey, type SessionStorage } from '../../renderer/shared/viewer-session';
import { initialViewerAuth, keepViewerIdentity } from '../../renderer/viewer/viewer-identity';

const ROOM = 'room-identity-1';
const LINK = 'link-token-for-room';

class MemoryStorage implements SessionStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

describe('viewer identity', () => {
  let httpServer: http.Server;
  let backend: Server<ClientToServerEvents, ServerToClientEvents>;
  let url: string;
  /** The auth of every handshake, accepted or refused, in order. */
  let handshakes: Record<string, unknown>[] = [];
  /** Identity tokens this backend issued and still accepts. */
  const issued = new Set<string>();
  let linkAccepted = true;
  let minted = 0;
  const sockets: ServerSocket[] = [];
  const clients: RoomClient[] = [];

  beforeAll(async () => {
    httpServer = http.createServer();
    backend = new Server(httpServer);
    backend.use((socket, next) => {
      const auth = socket.handshake.auth as Record<string, unknown>;
      handshakes.push(auth);
      const ok = (auth.token === LINK && linkAccepted) || issued.has(String(auth.token));
      next(ok ? undefined : new Error('unauthenticated: bad or expired token'));
    });
    backend.on('connection', (socket) => {
      sockets.push(socket);
      socket.on('comment:history', (_input, ack) => ack({ ok: true, value: [] }));
      if ((socket.handshake.auth as { token?: string }).token !== LINK) return;
      const session: ViewerSession = {
        token: `identity-${++minted}`,
        roomId: ROOM,
        handle: `uHandleOfViewer${minted}abc${minted}`,
        expiresAt: Date.now() + 3_600_000,
      };
      issued.add(session.token);
      socket.emit('session:identity', session);
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
    handshakes = [];
    linkAccepted = true;
  });
  afterAll(async () => {
    await new Promise((resolve) => backend.close(resolve));
  });

  const open = (storage: SessionStorage, linkToken = LINK) => {
    const identity = { roomId: ROOM, linkToken, storage };
    const client = new RoomClient({
      serverUrl: url,
      role: 'viewer',
      ...initialViewerAuth(identity, Date.now()),
    });
    clients.push(client);
    let badLinks = 0;
    keepViewerIdentity(client, identity, () => badLinks++);
    return { client, badLinks: () => badLinks };
  };
  const stored = (storage: MemoryStorage) => {
    const raw = storage.getItem(viewerSessionKey(ROOM));
    return raw ? (JSON.parse(raw) as ViewerSession) : null;
  };

  it('comes in by the link, keeps the identity it is issued, and presents that after a reconnect', async () => {
    const storage = new MemoryStorage();
    const { client } = open(storage);
    await expect.poll(() => stored(storage)?.token).toMatch(/^identity-/);
    const session = stored(storage)!;
    expect(handshakes[0]).toEqual({ token: LINK }); // a first visit has no name yet: the backend gives one

    // The network drops: the reconnection is the same person, named after its handle.
    sockets.at(-1)!.conn.close();
    await expect.poll(() => handshakes.length).toBe(2);
    expect(handshakes[1]).toEqual({
      token: session.token,
      clientName: `Viewer ${session.handle.slice(-4)}`,
    });
    await expect.poll(() => client.socket.connected).toBe(true);
    expect(handshakes.some((h) => 'userId' in h)).toBe(false);

    // A reload: the stored identity, not the link.
    open(storage);
    await expect.poll(() => handshakes.length).toBe(3);
    expect(handshakes[2]).toEqual({ token: session.token, clientName: `Viewer ${session.handle.slice(-4)}` });
  });

  it('drops a stored identity the backend refuses and comes in by the link once more', async () => {
    const storage = new MemoryStorage();
    const refused: ViewerSession = {
      token: 'identity-under-an-old-secret',
      roomId: ROOM,
      handle: 'uOldHandle0001',
      expiresAt: Date.now() + 3_600_000,
    };
    storage.setItem(viewerSessionKey(ROOM), JSON.stringify(refused));
    const { client, badLinks } = open(storage);
    // Asked while the kept identity is being refused: answered once the link lets the viewer in.
    const history = client.request('comment:history', { roomId: ROOM });
    await expect.poll(() => client.socket.connected).toBe(true);
    await expect(history).resolves.toEqual([]);
    expect(handshakes.map((h) => h.token)).toEqual([refused.token, LINK]);
    expect(handshakes[1]).toEqual({ token: LINK }); // the old handle's name is not carried over
    await expect.poll(() => stored(storage)?.token).toMatch(/^identity-/);
    expect(badLinks()).toBe(0);
  });

  it('calls a refused link a bad link, after trying it once and no more', async () => {
    linkAccepted = false;
    const storage = new MemoryStorage();
    storage.setItem(
      viewerSessionKey(ROOM),
      JSON.stringify({
        token: 'refused-identity',
        roomId: ROOM,
        handle: 'uX',
        expiresAt: Date.now() + 3_600_000,
      }),
    );
    const { badLinks } = open(storage);
    await expect.poll(() => badLinks()).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(handshakes.map((h) => h.token)).toEqual(['refused-identity', LINK]);
    expect(badLinks()).toBe(1);
    expect(stored(storage)).toBeNull();
  });

  it('ignores a stored identity that has expired and comes in by the link', async () => {
    const storage = new MemoryStorage();
    storage.setItem(
      viewerSessionKey(ROOM),
      JSON.stringify({ token: 'expired-identity', roomId: ROOM, handle: 'uX', expiresAt: Date.now() - 1 }),
    );
    open(storage);
    await expect.poll(() => handshakes.length).toBe(1);
    expect(handshakes[0]).toEqual({ token: LINK });
    await expect.poll(() => stored(storage)?.token).toMatch(/^identity-/);
  });
});
