// Child process of the room bench: the baseline, a plain socket.io 4.8 server that emits each comment to
// the room as it arrives (no batching). It builds the same comment object as the gateway (the CommentWire
// fields) so both carry the same bytes per comment. Prints `URL <url>` once listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const server = http.createServer();
const io = new Server(server, { maxHttpBufferSize: 64 * 1024 });
const startedAt = Date.now();
io.on('connection', (socket) => {
  // Each connection is its own author, as the gateway's link-token viewers are (it issues each a subject).
  const author = socket.id;
  const name = String((socket.handshake.auth as { clientName?: string }).clientName ?? 'Viewer');
  socket.on('join', (roomId: string, ack?: (r: unknown) => void) => {
    void socket.join(String(roomId));
    ack?.({ ok: true, value: true });
  });
  socket.on('c', (input: { roomId: string; text: string; clientId: string }, ack?: (r: unknown) => void) => {
    const id = `${author}:${input.clientId}`.slice(0, 64);
    io.to(input.roomId).emit('c', {
      id,
      t: Date.now() - startedAt,
      a: author,
      n: name,
      text: input.text,
      k: 'v',
    });
    ack?.({ ok: true, value: { id } });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`URL http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
const stop = () => process.exit(0);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('disconnect', stop);
