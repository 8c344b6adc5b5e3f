// A replayed comment for the replay page's unit tests: id n, at stream time t.
import type { ReplayComment } from '../../core/protocol/replay';

export const replayComment = (id: number, t: number): ReplayComment => ({
  id: `c${id}`,
  t,
  handle: 'v',
  text: `comment ${id}`,
  lang: null,
  sentiment: null,
  intents: [],
});
