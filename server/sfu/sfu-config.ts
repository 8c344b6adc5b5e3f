// Where mediasoup listens and what it tells clients. Behind NAT set MEDIASOUP_LISTEN_IP=0.0.0.0 and
// MEDIASOUP_ANNOUNCED_ADDRESS to the public address, and open the UDP/TCP port range.
import os from 'node:os';
import { z } from 'zod';

const PortSchema = z.coerce.number().int().min(1024).max(65535);

export const SfuConfigSchema = z
  .object({
    numWorkers: z.coerce.number().int().min(1).max(64),
    listenIp: z.string().min(1),
    announcedAddress: z.string().min(1).optional(),
    rtcMinPort: PortSchema,
    rtcMaxPort: PortSchema,
    logLevel: z.enum(['debug', 'warn', 'error', 'none']),
  })
  .refine((c) => c.rtcMinPort < c.rtcMaxPort, {
    message: 'MEDIASOUP_RTC_MIN_PORT must be below MEDIASOUP_RTC_MAX_PORT',
  });
export type SfuConfig = z.infer<typeof SfuConfigSchema>;

export function sfuConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SfuConfig {
  return SfuConfigSchema.parse({
    numWorkers: env.MEDIASOUP_NUM_WORKERS ?? os.availableParallelism(),
    listenIp: env.MEDIASOUP_LISTEN_IP ?? '127.0.0.1',
    announcedAddress: env.MEDIASOUP_ANNOUNCED_ADDRESS || undefined,
    rtcMinPort: env.MEDIASOUP_RTC_MIN_PORT ?? 40000,
    rtcMaxPort: env.MEDIASOUP_RTC_MAX_PORT ?? 49999,
    logLevel: env.MEDIASOUP_LOG_LEVEL ?? 'warn',
  });
}
