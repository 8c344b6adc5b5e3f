// A stand-in for the app's main process that a test can kill -9: forks the real backend entry (as
// tests/support/utility-process.ts does), prints the backend's pid and port once it is ready, and waits.
import { nodeUtilityFork } from './utility-process';

const [dataDir] = process.argv.slice(2);
const { fork } = nodeUtilityFork({ MEDIASOUP_WORKER_BIN: '/nonexistent/mediasoup-worker' });
const child = fork(['--data-dir', dataDir!, '--port', '0']);
child.on('message', (message) => {
  const ready = message as { type: string; port?: number };
  if (ready.type === 'ready')
    process.stdout.write(`${JSON.stringify({ pid: child.pid, port: ready.port })}\n`);
});
setInterval(() => undefined, 60_000);
