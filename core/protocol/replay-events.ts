// The replay's socket.io events (a part of socket-events.ts's maps, kept beside the replay contract):
// requests from hosts (their own streams), ops and analysts (all), and the two pushes a replay watcher or
// a room's host gets. Payload shapes live in replay.ts.
import type { z } from 'zod';
import {
  ReplayClipSchema,
  ReplayCommentsQuerySchema,
  ReplayListQuerySchema,
  ReplayRefSchema,
  ReplaySearchSchema,
  TranscriptQuerySchema,
  type RecordingStatus,
  type ReplayClip,
  type ReplayComment,
  type ReplayDetail,
  type ReplayExports,
  type ReplayListItem,
  type ReplayState,
  type SearchHit,
  type TranscriptLine,
} from './replay';
import type { Ack } from './socket-events';

type Input<S extends z.ZodType> = z.input<S>;

export interface ReplayClientEvents {
  /** Replay (host: own streams; ops, analyst: all). */
  'replay:list': (input: Input<typeof ReplayListQuerySchema>, ack: Ack<ReplayListItem[]>) => void;
  /** One stream; the connection is then told its `replay:state` changes until `replay:unwatch`. */
  'replay:get': (input: Input<typeof ReplayRefSchema>, ack: Ack<ReplayDetail>) => void;
  'replay:unwatch': (input: Input<typeof ReplayRefSchema>, ack: Ack<true>) => void;
  'replay:transcript': (input: Input<typeof TranscriptQuerySchema>, ack: Ack<TranscriptLine[]>) => void;
  'replay:comments': (input: Input<typeof ReplayCommentsQuerySchema>, ack: Ack<ReplayComment[]>) => void;
  'replay:search': (
    input: Input<typeof ReplaySearchSchema>,
    ack: Ack<{ hits: SearchHit[]; total: number }>,
  ) => void;
  'replay:exports': (input: Input<typeof ReplayRefSchema>, ack: Ack<ReplayExports>) => void;
  'replay:clip': (input: Input<typeof ReplayClipSchema>, ack: Ack<ReplayClip>) => void;
}

export interface ReplayServerEvents {
  /** To the room's host and ops: the recorder's state changed. */
  'recording:status': (status: RecordingStatus) => void;
  /** To connections watching a replay (`replay:get`): its state changed (finishing -> ready). */
  'replay:state': (event: { roomId: string; state: ReplayState; readyAt: number | null }) => void;
}

/** Runtime schemas of the replay's client events (merged into clientEventSchemas). */
export const replayClientEventSchemas = {
  'replay:list': ReplayListQuerySchema,
  'replay:get': ReplayRefSchema,
  'replay:unwatch': ReplayRefSchema,
  'replay:transcript': TranscriptQuerySchema,
  'replay:comments': ReplayCommentsQuerySchema,
  'replay:search': ReplaySearchSchema,
  'replay:exports': ReplayRefSchema,
  'replay:clip': ReplayClipSchema,
} as const satisfies Record<keyof ReplayClientEvents, z.ZodType>;
