// The recordings of a backend that records nothing (no recorder wired in): every stream still has a replay
// (curves, transcript, comments, segments), without video, and its status says why.
import { StudioError } from '../../core/protocol/result';
import type { RecordingsApi } from '../media-out/recording-api';

export function recordingsOff(reason = 'Recording is not set up on this backend'): RecordingsApi {
  return {
    status: (roomId) => ({ roomId, state: 'off', reason, segments: 0, at: Date.now() }),
    segments: async () => [],
    gaps: async () => [],
    finalized: async () => true,
    clip: async () => {
      throw new StudioError('unavailable', `No recording to cut a clip from: ${reason}`);
    },
    cpuSeconds: () => 0,
  };
}
