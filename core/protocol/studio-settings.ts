// The studio's preferences as the renderer sees them (window.studio.settings). The host keeps them, with
// the caption engine settings, in one versioned file (main/settings); API keys are never part of them.
import { z } from 'zod';
import { CAPTION_LANGUAGES, CaptionLanguageSchema } from './captions';
import { StudioLanguageSchema } from './languages';

/** Danmaku speed multipliers and text sizes (CSS px) the danmaku toolbar offers. */
export const DANMAKU_SPEEDS = { slow: 0.75, normal: 1, fast: 1.5 } as const;
export const DANMAKU_SIZES = { small: 18, medium: 24, large: 32 } as const;

type Values<T> = T[keyof T];
const literals = <T extends Record<string, number>>(values: T) =>
  z.literal(Object.values(values) as [Values<T>, ...Values<T>[]]);

/** How the danmaku layer over a video looks; whether it is paused is for the moment, never kept. */
export const DanmakuPrefsSchema = z.object({
  hidden: z.boolean(),
  opacity: z.number().min(0.2).max(1),
  speed: literals(DANMAKU_SPEEDS),
  fontSize: literals(DANMAKU_SIZES),
});
export type DanmakuPrefs = z.infer<typeof DanmakuPrefsSchema>;
export const DEFAULT_DANMAKU_PREFS: DanmakuPrefs = { hidden: false, opacity: 1, speed: 1, fontSize: 24 };

/** Which way up a stream goes out: 16:9 landscape, or 9:16 portrait (720x1280) for phone-first audiences. */
export const STREAM_ORIENTATIONS = ['landscape', 'portrait'] as const;
export const StreamOrientationSchema = z.enum(STREAM_ORIENTATIONS);
export type StreamOrientation = z.infer<typeof StreamOrientationSchema>;

/** The studio workspace's two arrangements: everything at a glance, or "live" (bigger comments). */
export const WORKSPACE_ARRANGEMENTS = ['standard', 'live'] as const;
export const WorkspaceArrangementSchema = z.enum(WORKSPACE_ARRANGEMENTS);
export type WorkspaceArrangement = z.infer<typeof WorkspaceArrangementSchema>;

const PanelId = z.string().min(1).max(64);
/**
 * The studio workspace's layout state, kept by the host: which arrangement is in use and, per arrangement
 * and split group (ids of renderer/studio/workspace), the sizes the host dragged (percent per pane) and the
 * areas or panels collapsed. Ids the workspace no longer knows are ignored when read.
 */
export const WorkspaceLayoutSchema = z.object({
  arrangement: WorkspaceArrangementSchema,
  sizes: z.record(z.string().min(1).max(96), z.array(z.number().min(0).max(100)).max(12)),
  collapsed: z.array(PanelId).max(64),
});
export type WorkspaceLayout = z.infer<typeof WorkspaceLayoutSchema>;
export const DEFAULT_WORKSPACE_LAYOUT: WorkspaceLayout = {
  arrangement: 'standard',
  sizes: {},
  collapsed: [],
};

export const StudioSettingsSchema = z.object({
  /** The UI language the user chose; null: follow the system. */
  language: StudioLanguageSchema.nullable(),
  /** Languages the studio's captions are translated into from the start (viewers' demand adds more). */
  captionTargets: z.array(CaptionLanguageSchema).max(CAPTION_LANGUAGES.length),
  /** The danmaku layer over the studio's preview. */
  danmaku: DanmakuPrefsSchema,
  /** The studio panels the host hid (ids of renderer/studio/panels); the preview is never among them. */
  hiddenPanels: z.array(PanelId).max(64),
  /** The workspace's arrangement, pane sizes and collapsed areas. */
  workspace: WorkspaceLayoutSchema,
  /** The orientation the next stream goes out in (chosen before going live). */
  orientation: StreamOrientationSchema,
  /**
   * The seller's home market for the compliance guard (a rule pack's code, e.g. "CN"); null: the market of
   * the language the host speaks in its captions.
   */
  homeMarket: z
    .string()
    .regex(/^[A-Z]{2,5}$/)
    .nullable(),
});
export type StudioSettings = z.infer<typeof StudioSettingsSchema>;

export const DEFAULT_SETTINGS: StudioSettings = {
  language: null,
  captionTargets: [],
  danmaku: DEFAULT_DANMAKU_PREFS,
  hiddenPanels: [],
  workspace: DEFAULT_WORKSPACE_LAYOUT,
  orientation: 'landscape',
  homeMarket: null,
};

/** A change to some of the preferences (`settings.set`); what it leaves out stays as it is. */
export const StudioSettingsPatchSchema = StudioSettingsSchema.partial().strict();
export type StudioSettingsPatch = z.infer<typeof StudioSettingsPatchSchema>;
