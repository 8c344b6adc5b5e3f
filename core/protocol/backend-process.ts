// The contract between the desktop app's main process and its embedded backend, which runs in an Electron
// utility process (server/backend-process.ts): what each side posts over the parent port. The main process
// validates every message from the child with these schemas.
import { z } from 'zod';

/** main -> backend: stop (close the backend cleanly, then exit). */
export const ToBackendSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('stop') })]);
export type ToBackend = z.infer<typeof ToBackendSchema>;

/**
 * backend -> main: `ready` once it listens on 127.0.0.1 (its port, and the host and ops tokens it signed
 * for this launch: they travel over the private parent port, never in argv or the environment);
 * `error` when it could not start (it exits after).
 */
export const FromBackendSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    port: z.number().int().min(1).max(65535),
    hostToken: z.string().min(1).max(2048),
    opsToken: z.string().min(1).max(2048),
  }),
  z.object({ type: z.literal('error'), message: z.string().max(4000) }),
]);
export type FromBackend = z.infer<typeof FromBackendSchema>;

/** argv flags of the backend process (paths and a port: nothing secret). */
export const BACKEND_ARGS = {
  dataDir: '--data-dir',
  port: '--port',
  rendererDir: '--renderer-dir',
} as const;
