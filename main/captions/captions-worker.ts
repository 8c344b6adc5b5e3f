// The captions worker (a worker_thread): runs the CaptionEngine off the host's event loop, so recognition
// and translation never block the studio host or the Electron main process.
import { parentPort } from 'node:worker_threads';
import { CaptionEngine } from './caption-engine';
import { serializeError, type HostToWorker, type WorkerToHost } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('captions-worker must run as a worker_thread');
const post = (message: WorkerToHost) => port.postMessage(message);

let engine: CaptionEngine | null = null;
let statsTimer: ReturnType<typeof setInterval> | null = null;

async function handle(message: HostToWorker): Promise<void> {
  switch (message.type) {
    case 'audio':
      engine?.push(message.pcm, message.wall);
      return;
    case 'targets':
      engine?.setTargets(message.targets);
      return;
    case 'catalog':
      engine?.setCatalog(message.products);
      return;
  }
  const { seq } = message;
  try {
    if (message.type === 'start') {
      await engine?.close();
      engine = await CaptionEngine.create(message.config, {
        caption: (caption, lagMs) => post({ type: 'caption', caption, lagMs }),
        error: (error, context) => post({ type: 'error', context, error: serializeError(error) }),
      });
      statsTimer ??= setInterval(() => {
        const stats = engine?.stats();
        if (stats) post({ type: 'stats', stats, speaking: engine?.pipeline?.speaking ?? false });
      }, 250);
      post({ type: 'reply', seq, ok: true, value: { ok: true } });
    } else if (message.type === 'translate') {
      if (!engine) throw new Error('The captions engine is not started');
      const translations = await engine.translateComments(message.target, message.items);
      post({ type: 'reply', seq, ok: true, value: { translations } });
    } else if (message.type === 'flush') {
      await engine?.pipeline?.flush();
      const stats = engine?.stats();
      if (stats) post({ type: 'stats', stats, speaking: false });
      post({ type: 'reply', seq, ok: true, value: { ok: true } });
    } else {
      if (statsTimer) clearInterval(statsTimer);
      statsTimer = null;
      await engine?.close();
      engine = null;
      post({ type: 'reply', seq, ok: true, value: { ok: true } });
    }
  } catch (error) {
    post({ type: 'reply', seq, ok: false, error: serializeError(error) });
  }
}

port.on('message', (message: HostToWorker) => void handle(message));
