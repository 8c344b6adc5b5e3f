// The window.studio contract: every capability the host (main/) offers the renderer, with the zod schemas
// the host uses to validate arguments, and every event the host pushes, with the schema the renderer
// validates it with. electron/preload.ts and renderer/bridge/ both implement StudioApi with
// createStudioApi, so the renderer cannot tell Electron from browser mode.
import { z } from 'zod';
import { LiveReportSchema, RestartOutcomeSchema, ResumableStreamSchema, UpdateStatusSchema } from './desktop';
import { StudioLanguageSchema } from './languages';
import { HostActionSchema } from './room-events';
import { StudioSettingsPatchSchema, StudioSettingsSchema } from './studio-settings';
import {
  AudioChunkSchema,
  CaptionSettingsPatchSchema,
  CaptionSettingsSchema,
  CaptionsStartSchema,
  CaptionsStatusSchema,
  ModelStatusSchema,
  TranslateRequestSchema,
  TranslationSchema,
} from './captions';
import {
  DestinationInputSchema,
  DestinationRefSchema,
  MultistreamRefSchema,
  MultistreamStatusSchema,
  PLATFORM_IDS,
} from './multistream';

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  serverUrl: z.string(),
  /** The studio's signed host token for its backend; null when none was given for a remote backend. */
  hostToken: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export {
  DEFAULT_SETTINGS,
  StudioSettingsPatchSchema,
  StudioSettingsSchema,
  type StudioSettings,
  type StudioSettingsPatch,
} from './studio-settings';

export const BackendStatusSchema = z.object({
  url: z.string(),
  state: z.enum(['connecting', 'connected', 'disconnected']),
  latencyMs: z.number().nullable(),
  lastError: z.string().nullable(),
});
export type BackendStatus = z.infer<typeof BackendStatusSchema>;

export const OutboxStatusSchema = z.object({
  online: z.boolean(),
  queued: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** The last host action the backend refused, this session (it is not retried). */
  lastRejected: z.string().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

/** Waits up to `timeoutMs` for one queued event to leave the outbox. */
export const OutboxWaitSchema = z.object({
  id: z.string().min(8).max(64),
  timeoutMs: z.number().int().min(0).max(10_000),
});
export type OutboxWait = z.infer<typeof OutboxWaitSchema>;
/**
 * Where a queued event stands: still `queued` (not acknowledged yet), `sent` (the backend applied it, or
 * it left the queue before this host started), or `refused` by a backend rule (`message` says which).
 */
export const OutboxEventStateSchema = z.object({
  state: z.enum(['queued', 'sent', 'refused']),
  message: z.string().nullable(),
});
export type OutboxEventState = z.infer<typeof OutboxEventStateSchema>;

/** A moment of a room's stream; the host key proves the studio hosts that room (as for host actions). */
export const MarkInputSchema = z.object({
  roomId: z.string().min(1).max(64),
  hostKey: z.string().min(16).max(128),
  label: z.string().trim().min(1).max(80),
});
export type MarkInput = z.infer<typeof MarkInputSchema>;

/**
 * The studio's link to the ops dashboard of its backend, with an ops token for it: `npm start` issues one
 * for its embedded backend; for a remote backend only when given one (LIVEBRIDGE_OPS_TOKEN), else null.
 */
export const OpsLinkSchema = z.object({ url: z.string().max(4096).nullable() });
export type OpsLink = z.infer<typeof OpsLinkSchema>;

/** The studio goes live: the host sends its destinations that are on, with their keys, for this room. */
export const MultistreamGoLiveSchema = z
  .object({ roomId: z.string().min(1).max(64), hostKey: z.string().min(16).max(128) })
  .strict();
export type MultistreamGoLive = z.infer<typeof MultistreamGoLiveSchema>;
/** How many destinations the backend was sent (0: none is on, nothing was sent), and their status then. */
export const MultistreamStartedSchema = z.object({
  sent: z.number().int().min(0),
  status: MultistreamStatusSchema.nullable(),
});
export type MultistreamStarted = z.infer<typeof MultistreamStartedSchema>;

const DestinationSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  keySet: z.boolean(),
  enabled: z.boolean(),
  platform: z.enum(PLATFORM_IDS),
});

interface MethodSpec {
  args: z.ZodTuple;
  result: z.ZodType;
}

export const studioMethods = {
  'app.getInfo': { args: z.tuple([]), result: AppInfoSchema },
  'settings.get': { args: z.tuple([]), result: StudioSettingsSchema },
  'settings.setLanguage': { args: z.tuple([StudioLanguageSchema]), result: StudioSettingsSchema },
  'settings.set': { args: z.tuple([StudioSettingsPatchSchema]), result: StudioSettingsSchema },
  'backend.getStatus': { args: z.tuple([]), result: BackendStatusSchema },
  'outbox.getStatus': { args: z.tuple([]), result: OutboxStatusSchema },
  'outbox.whenSent': { args: z.tuple([OutboxWaitSchema]), result: OutboxEventStateSchema },
  'analytics.mark': { args: z.tuple([MarkInputSchema]), result: z.object({ id: z.string() }) },
  'room.hostAction': { args: z.tuple([HostActionSchema]), result: z.object({ id: z.string() }) },
  'captions.getStatus': { args: z.tuple([]), result: CaptionsStatusSchema },
  'captions.getSettings': { args: z.tuple([]), result: CaptionSettingsSchema },
  'captions.setSettings': { args: z.tuple([CaptionSettingsPatchSchema]), result: CaptionSettingsSchema },
  'captions.start': { args: z.tuple([CaptionsStartSchema]), result: CaptionsStatusSchema },
  'captions.stop': { args: z.tuple([]), result: CaptionsStatusSchema },
  'captions.pushAudio': { args: z.tuple([AudioChunkSchema]), result: z.object({ accepted: z.boolean() }) },
  'models.download': {
    args: z.tuple([z.object({ id: z.string().min(1).max(64) })]),
    result: z.array(ModelStatusSchema),
  },
  'translate.comments': { args: z.tuple([TranslateRequestSchema]), result: z.array(TranslationSchema) },
  /** Multistream destinations as the page sees them: whether a key is set, never the key. */
  'multistream.list': { args: z.tuple([]), result: z.array(DestinationSchema) },
  'multistream.save': { args: z.tuple([DestinationInputSchema]), result: DestinationSchema },
  'multistream.remove': { args: z.tuple([DestinationRefSchema]), result: z.literal(true) },
  'multistream.start': { args: z.tuple([MultistreamGoLiveSchema]), result: MultistreamStartedSchema },
  'multistream.stop': { args: z.tuple([MultistreamRefSchema]), result: MultistreamStatusSchema.nullable() },
  'ops.dashboardLink': { args: z.tuple([]), result: OpsLinkSchema },
  /** The backend's /replay with this studio's host token; url null without one. */
  'replay.link': { args: z.tuple([]), result: OpsLinkSchema },
  /** The desktop app's updates ('unsupported' in browser mode); restart: never during a live stream. */
  'updates.getStatus': { args: z.tuple([]), result: UpdateStatusSchema },
  'updates.restart': { args: z.tuple([]), result: RestartOutcomeSchema },
  /** The studio says when it goes live and when the stream ends (tray, close guard, updates, resume). */
  'live.report': { args: z.tuple([LiveReportSchema]), result: z.literal(true) },
  /** The stream the last session left live when it crashed, to resume; null when it ended cleanly. */
  'live.resumable': { args: z.tuple([]), result: ResumableStreamSchema.nullable() },
} as const satisfies Record<string, MethodSpec>;

export type StudioMethod = keyof typeof studioMethods;
export const STUDIO_METHODS = Object.keys(studioMethods) as StudioMethod[];
export type MethodArgs<M extends StudioMethod> = z.output<(typeof studioMethods)[M]['args']>;
export type MethodResult<M extends StudioMethod> = z.output<(typeof studioMethods)[M]['result']>;

export function isStudioMethod(value: unknown): value is StudioMethod {
  return typeof value === 'string' && Object.hasOwn(studioMethods, value);
}

/** Electron IPC channels are `studio:<method>`; the main side refuses anything else. */
export const STUDIO_IPC_PREFIX = 'studio:';

/**
 * What the host pushes when its state changes, beside the method table: one schema per event. The host
 * sends the whole current state (never a delta), so a listener that missed a push is right again at the
 * next one; the renderer validates every payload with this schema before using it.
 */
export const studioEvents = {
  'backend.status': BackendStatusSchema,
  'outbox.status': OutboxStatusSchema,
  'captions.status': CaptionsStatusSchema,
  'models.status': z.array(ModelStatusSchema),
  'updates.status': UpdateStatusSchema,
} as const satisfies Record<string, z.ZodType>;

export type StudioEvent = keyof typeof studioEvents;
export const STUDIO_EVENTS = Object.keys(studioEvents) as StudioEvent[];
export type EventPayload<E extends StudioEvent> = z.output<(typeof studioEvents)[E]>;
/** One pushed event with its payload, as a union the receiver can switch on. */
export type StudioEventMessage = { [E in StudioEvent]: { event: E; payload: EventPayload<E> } }[StudioEvent];

export function isStudioEvent(value: unknown): value is StudioEvent {
  return typeof value === 'string' && Object.hasOwn(studioEvents, value);
}

/** Electron pushes each event on channel `studio-event:<event>`, to our own window only. */
export const STUDIO_EVENT_IPC_PREFIX = 'studio-event:';
