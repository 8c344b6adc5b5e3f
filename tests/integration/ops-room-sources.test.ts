// The room view ('ops:room') carries the alerts and notes of the alerts module: ops who open a room after a
// sell-out see its sold_out alert, and the notes sent to its host. (Before the gateway gave the analytics
// module the alerts module's sources, the view came with no alerts and no notes at all.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpsRoomView } from '../../core/protocol/analytics-events';
import type { Backend } from '../../server/backend';
import { liveShop } from '../support/analytics-clients';
import { quietLogger } from '../support/quiet-logger';
import { connectAs, connectViewer, value, type RoomSocket } from '../support/room-clients';
import { backendOnStore } from '../support/services';

describe('the ops room view with the alerts module', () => {
  let backend: Backend;
  let close = async (): Promise<void> => undefined;
  const opened: RoomSocket[] = [];
  beforeAll(async () => {
    ({ backend, close } = await backendOnStore('sqlite', { logger: quietLogger, media: false }));
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await close();
  });

  it('lists the sold_out alert raised before ops opened the room, and the notes to its host', async () => {
    const { host, room } = await liveShop(backend.url, opened);
    const last = value(
      await host.emitWithAck('product:upsert', {
        roomId: room.id,
        titles: { en: 'Last hat' },
        prices: { USD: 900 },
        stock: 1,
      }),
    );
    const viewer = await connectViewer(backend.url, room.id, opened);
    value(await viewer.emitWithAck('room:join', { roomId: room.id }));
    value(
      await viewer.emitWithAck('order:place', {
        roomId: room.id,
        productId: last.id,
        quantity: 1,
        currency: 'USD',
        idempotencyKey: `k-${room.id}-last-hat`,
      }),
    );

    const ops = await connectAs(backend.url, { role: 'ops' }, opened);
    const note = value(
      await ops.emitWithAck('ops:note', { roomId: room.id, text: 'Restock the hat', clientId: 'note-0001' }),
    );
    let view: OpsRoomView | null = null;
    const deadline = Date.now() + 5000;
    do {
      view = value(await ops.emitWithAck('ops:room', { roomId: room.id }));
      if (view.alerts.some((a) => a.kind === 'sold_out')) break;
      await new Promise((r) => setTimeout(r, 50));
    } while (Date.now() < deadline);
    const soldOut = view.alerts.find((a) => a.kind === 'sold_out');
    expect(soldOut).toMatchObject({ roomId: room.id, open: true, acknowledged: null });
    expect(soldOut?.detail).toMatchObject({ productId: last.id, stock: 0 });
    expect(view.notes).toEqual([
      expect.objectContaining({ id: note.id, text: 'Restock the hat', dismissed: false }),
    ]);
  });
});
