// What the desktop shell tells the studio page and what the page tells it: the updater's state (pushed as
// `updates.status`), the answer to "restart to update", and whether the studio is live (which holds the
// restart back, asks before the window closes, and colours the tray).
import { z } from 'zod';

export const UpdateStatusSchema = z.discriminatedUnion('state', [
  /** Browser mode, or an app run from a checkout: nothing to update. */
  z.object({ state: z.literal('unsupported') }),
  z.object({ state: z.literal('idle'), checkedAt: z.number().nullable() }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('available'), version: z.string().max(64) }),
  z.object({
    state: z.literal('downloading'),
    version: z.string().max(64),
    percent: z.number().min(0).max(100),
  }),
  /** Downloaded and verified; `queued`: a restart was asked for while live and waits for the stream's end. */
  z.object({ state: z.literal('ready'), version: z.string().max(64), queued: z.boolean() }),
  /** `code`: electron-updater's (ERR_CHECKSUM_MISMATCH, ERR_UPDATER_CHANNEL_FILE_NOT_FOUND...), if any. */
  z.object({ state: z.literal('error'), code: z.string().max(80).nullable(), message: z.string().max(2000) }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const RestartOutcomeSchema = z.object({
  /** restarting: now; queued: after the live stream ends; nothing: no downloaded update. */
  outcome: z.enum(['restarting', 'queued', 'nothing']),
});
export type RestartOutcome = z.infer<typeof RestartOutcomeSchema>;

/** The studio's live state as the page reports it to the host on every change. */
export const LiveReportSchema = z
  .object({
    live: z.boolean(),
    roomId: z.string().min(1).max(64).nullable(),
    title: z.string().max(120).nullable(),
  })
  .strict();
export type LiveReport = z.infer<typeof LiveReportSchema>;

/**
 * What was live when the studio last stopped without ending its stream (a crash, a power cut): kept in
 * the user data folder from going live until the stream ends, offered at the next start to resume.
 */
export const ResumableStreamSchema = z.object({
  roomId: z.string().min(1).max(64),
  title: z.string().max(120).nullable(),
  /** When the stream went live (ms since epoch). */
  since: z.number(),
});
export type ResumableStream = z.infer<typeof ResumableStreamSchema>;
