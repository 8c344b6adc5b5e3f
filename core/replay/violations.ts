// The host's compliance violations in a replay: the list the analyst seeks from and their timeline markers,
// in stream ms from the first flag of each event (a caption's partials and final are one event).
import { LIST_SEPARATOR, summarizeViolation } from '../compliance/violation-summary';
import type { ReplayMarker, ReplayViolation } from '../protocol/replay';
import { streamMs, type ReplayInputs } from './replay-inputs';

type Inputs = Pick<ReplayInputs, 'liveStartedAt' | 'endAt' | 'violations'>;

/** The violations flagged while the stream was on, oldest first. */
export function replayViolations(inputs: Inputs): ReplayViolation[] {
  return (inputs.violations ?? [])
    .filter((v) => v.at >= inputs.liveStartedAt && v.at <= inputs.endAt && v.flags.length > 0)
    .map((v) => {
      const s = summarizeViolation(v);
      return {
        id: v.id,
        t: streamMs(inputs, v.at),
        level: v.level,
        source: v.source,
        categories: s.categories,
        markets: s.markets,
        words: s.words,
        rephrase: s.rephrase,
      };
    })
    .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
}

/** One point marker per violation, labelled with its categories (the renderer names them). */
export function complianceMarkers(inputs: Inputs): ReplayMarker[] {
  return replayViolations(inputs).map((v) => ({
    kind: 'compliance',
    t: v.t,
    endT: null,
    label: v.categories.join(LIST_SEPARATOR),
  }));
}
