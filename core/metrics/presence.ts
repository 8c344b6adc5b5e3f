// Presence of one connection (a session): it is online from a join or heartbeat until it leaves, or until
// PRESENCE_TIMEOUT_MS pass without one (a closed tab, a node that went away). A viewer is online while any
// of its sessions is: merging the sessions' intervals counts a viewer on two tabs or two nodes once.
import { PRESENCE_TIMEOUT_MS } from '../protocol/analytics-events';

/** One presence event of a session: seen (join, heartbeat) or left. */
export interface PresenceMark {
  at: number;
  leave: boolean;
}

export type Interval = [from: number, to: number];

/** Sorts marks by time; at the same ms a leave comes after a heartbeat (the session ends). */
export const sortMarks = (marks: PresenceMark[]) =>
  marks.sort((a, b) => a.at - b.at || Number(a.leave) - Number(b.leave));

/** Whether the session whose latest event is `last` is online at `t`. */
export const onlineAt = (last: PresenceMark | null, t: number) =>
  last !== null && !last.leave && last.at <= t && t - last.at < PRESENCE_TIMEOUT_MS;

/**
 * The session's online intervals within [s, e), from its latest event before s (`carry`) and its events in
 * [s, e) sorted with sortMarks; and its latest event at e.
 */
export function sessionIntervals(
  carry: PresenceMark | null,
  marks: readonly PresenceMark[],
  s: number,
  e: number,
): { intervals: Interval[]; last: PresenceMark | null } {
  const intervals: Interval[] = [];
  let cur = carry;
  let t = s;
  const segment = (until: number) => {
    if (cur && !cur.leave) {
      const to = Math.min(until, cur.at + PRESENCE_TIMEOUT_MS);
      const from = Math.max(t, cur.at);
      if (to > from) intervals.push([from, to]);
    }
  };
  for (const m of marks) {
    segment(m.at);
    cur = m;
    t = m.at;
  }
  segment(e);
  return { intervals, last: cur };
}

/** The union of intervals, as a total length in ms. */
export function unionMs(intervals: Interval[]): number {
  if (intervals.length === 0) return 0;
  if (intervals.length === 1) return intervals[0]![1] - intervals[0]![0];
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = sorted[0]!;
  for (const [f, t] of sorted.slice(1)) {
    if (f > to) {
      total += to - from;
      from = f;
      to = t;
    } else if (t > to) to = t;
  }
  return total + (to - from);
}
