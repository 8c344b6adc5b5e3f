// Loaded with --import into a backend forked by node:child_process (tests/support/utility-process.ts):
// gives it Electron's `process.parentPort` over Node's IPC channel, with the same message shape
// (`message` events carry `{ data }`), so the real entry runs unchanged without the Electron binary.
import { EventEmitter } from 'node:events';

if (process.send && !process.parentPort) {
  const port = new EventEmitter();
  port.postMessage = (message) => process.send?.(message);
  process.on('message', (data) => port.emit('message', { data, ports: [] }));
  process.parentPort = port;
}
