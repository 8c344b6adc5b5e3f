// Runs the captions worker from its TypeScript source (npm start, tests): tsx's loader is registered in the
// worker thread itself, since a worker does not inherit the parent's --import hooks on every Node version.
import { register } from 'tsx/esm/api';

register();
await import('./captions-worker.ts');
