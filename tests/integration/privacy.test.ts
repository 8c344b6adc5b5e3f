// Personal data in viewer comments, against a real backend (socket.io, SQLite): a phone number, an e-mail
// and a card number are masked before the comment reaches any other member of the room (viewers, the host)
// or the store; the comment insight still read the comment as written; the host's own comments are not
// touched.
import { describe, expect, it } from 'vitest';
import { decodeCommentFrame } from '../../core/protocol/room-events';
import { suiteBackend } from '../support/suite-backend';
import { connectAs, connectViewer, value } from '../support/room-clients';

describe('personal data in comments', () => {
  const suite = suiteBackend();
  const opened = suite.opened;

  it(
    'masks a viewer comment for everyone else and in the store; the host speaks as typed',
    { timeout: 30_000 },
    async () => {
      const host = await connectAs(suite.backend.url, { role: 'host' }, opened);
      const { room } = value(await host.emitWithAck('room:create', { title: 'Privacy', hostLanguage: 'en' }));
      value(await host.emitWithAck('live:start', { roomId: room.id }));
      const [ana, bo] = await Promise.all(
        [0, 1].map(() => connectViewer(suite.backend.url, room.id, opened)),
      );
      for (const v of [ana!, bo!]) value(await v.emitWithAck('room:join', { roomId: room.id }));
      const seen: string[] = [];
      const seenByHost: string[] = [];
      bo!.on('comment:batch', (f) => seen.push(...decodeCommentFrame(f).items.map((c) => c.text)));
      host.on('comment:batch', (f) => seenByHost.push(...decodeCommentFrame(f).items.map((c) => c.text)));

      const typed = 'what size? call me 13812345678 or ana@example.com, card 4111 1111 1111 1111';
      value(
        await ana!.emitWithAck('comment:send', { roomId: room.id, text: typed, clientId: 'ana-0000001' }),
      );
      value(
        await host.emitWithAck('comment:send', {
          roomId: room.id,
          text: 'WhatsApp us: +1 415 555 2671',
          clientId: 'host-000001',
        }),
      );
      await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(2);
      const masked = 'what size? call me ••••••••••• or •••@•••••••.•••, card •••• •••• •••• ••••';
      expect(seen[0]).toBe(masked);
      expect(seenByHost).toContain(masked);
      expect(seen[1]).toBe('WhatsApp us: +1 415 555 2671');
      const stored = await suite.backend.store.comments.list(room.id, 10);
      expect(stored.map((c) => c.text)).toEqual([masked, 'WhatsApp us: +1 415 555 2671']);
      expect(JSON.stringify(stored)).not.toContain('13812345678');
      // The insight read the question as written.
      expect(stored[0]!.x?.i).toContain('size');
    },
  );
});
