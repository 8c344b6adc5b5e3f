// Browser mode's window.studio travels over a local WebSocket: these are its frames. The first frame must
// be `hello` with the per-launch secret; the host closes the socket with BRIDGE_CLOSE_UNAUTHORIZED otherwise.
// After `ready`, the host also pushes `event` frames (studioEvents in studio-api.ts) on the same socket.
import { z } from 'zod';
import { ProtocolErrorSchema } from './result';

export const BRIDGE_PATH = '/bridge';
export const BRIDGE_CLOSE_UNAUTHORIZED = 4401;
export const BRIDGE_MAX_FRAME_BYTES = 256 * 1024;

export const BridgeClientFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), token: z.string().max(256) }),
  z.object({
    t: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    method: z.string().max(128),
    args: z.array(z.unknown()).max(16),
  }),
]);
export type BridgeClientFrame = z.infer<typeof BridgeClientFrameSchema>;

export const BridgeHostFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready') }),
  z.object({
    t: z.literal('result'),
    id: z.number().int().nonnegative(),
    response: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: ProtocolErrorSchema }),
    ]),
  }),
  /** A pushed event; its payload is checked against the event's own schema by the receiver. */
  z.object({ t: z.literal('event'), event: z.string().max(128), payload: z.unknown() }),
]);
export type BridgeHostFrame = z.infer<typeof BridgeHostFrameSchema>;
