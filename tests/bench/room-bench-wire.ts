// A load-generator client that speaks socket.io's wire protocol itself (engine.io v4 over a websocket,
// socket.io v5 packets) with the `ws` package: handshake with auth, ping/pong, events with acks. The
// servers under test cannot tell it from socket.io-client. It hands each event frame over as the raw
// string, so 5,000 viewers on the bench's own two cores can count deliveries by scanning for the
// timestamps instead of decoding every frame; the cores then go to the servers being measured.
import WebSocket from 'ws';

export interface Ack {
  ok: boolean;
  error?: { code: string };
  value?: unknown;
}

export class WireClient {
  private nextAck = 0;
  private readonly acks = new Map<number, (a: Ack) => void>();
  /** Called with each event frame as sent (`42["event",...]`). */
  onFrame: (raw: string) => void = () => undefined;

  private constructor(private readonly ws: WebSocket) {}

  static connect(url: string, auth: Record<string, string>, timeoutMs = 30_000): Promise<WireClient> {
    const target = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(target, { perMessageDeflate: false });
    const client = new WireClient(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('wire client: connect timed out')), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(e);
      };
      ws.on('error', fail);
      ws.on('message', (data: Buffer) => {
        const msg = data.toString();
        if (msg.startsWith('0{')) ws.send(`40${JSON.stringify(auth)}`);
        else if (msg.startsWith('40')) {
          clearTimeout(timer);
          ws.off('error', fail);
          ws.on('error', () => undefined);
          resolve(client);
        } else if (msg.startsWith('44')) fail(new Error(`connect_error: ${msg.slice(2)}`));
        else client.handle(msg);
      });
    });
  }

  private handle(msg: string): void {
    const type = msg.charCodeAt(0);
    if (msg === '2')
      this.ws.send('3'); // engine.io ping -> pong
    else if (type === 52 /* '4' */ && msg.charCodeAt(1) === 50 /* '2' */) this.onFrame(msg);
    else if (type === 52 && msg.charCodeAt(1) === 51 /* '3': ack */) {
      const open = msg.indexOf('[');
      const id = Number(msg.slice(2, open));
      const resolve = this.acks.get(id);
      this.acks.delete(id);
      resolve?.((JSON.parse(msg.slice(open)) as [Ack])[0]);
    }
  }

  emit(event: string, data: unknown, ack?: (a: Ack) => void): void {
    if (!ack) {
      this.ws.send(`42${JSON.stringify([event, data])}`);
      return;
    }
    const id = this.nextAck++;
    this.acks.set(id, ack);
    this.ws.send(`42${id}${JSON.stringify([event, data])}`);
  }

  emitWithAck(event: string, data: unknown, timeoutMs: number): Promise<Ack> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, error: { code: 'timeout' } }), timeoutMs);
      this.emit(event, data, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
    });
  }

  disconnect(): void {
    this.ws.close();
  }
}
