// A stream's replay computed from its inputs (replay-inputs.ts): the list item's totals, the minute curves,
// the product segments, the highlights and the markers. The recording and caption parts of a ReplayDetail
// come from the server (the recorder, the caption store) and are joined there.
import type { Money } from '../protocol/analytics-events';
import type {
  ProductSegment,
  ReplayHighlight,
  ReplayMarker,
  ReplayMinute,
  ReplayViolation,
} from '../protocol/replay';
import { addMoney } from '../metrics/facts';
import { minuteCurves } from './curves';
import { highlights, markers } from './highlights';
import { durationOf, emptyMood, placedOrders, type ReplayInputs } from './replay-inputs';
import { productSegments } from './segments';
import { replayViolations } from './violations';

export interface ReplayModel {
  durationMs: number;
  gmv: Money;
  orders: number;
  peakOnline: number;
  comments: number;
  mood: { pos: number; neu: number; neg: number };
  minutes: ReplayMinute[];
  markers: ReplayMarker[];
  violations: ReplayViolation[];
  segments: ProductSegment[];
  highlights: ReplayHighlight[];
}

export function replayModel(inputs: ReplayInputs): ReplayModel {
  const minutes = minuteCurves(inputs);
  const gmv: Money = {};
  const orders = placedOrders(inputs.facts.filter((f) => f.at <= inputs.endAt));
  for (const o of orders) addMoney(gmv, o.currency, o.amount);
  const mood = emptyMood();
  for (const m of minutes) {
    mood.pos += m.sentiment.pos;
    mood.neu += m.sentiment.neu;
    mood.neg += m.sentiment.neg;
  }
  return {
    durationMs: durationOf(inputs),
    gmv,
    orders: orders.length,
    peakOnline: Math.max(0, ...minutes.map((m) => m.online)),
    comments: minutes.reduce((n, m) => n + m.comments, 0),
    mood,
    minutes,
    markers: markers(inputs),
    violations: replayViolations(inputs),
    segments: productSegments(inputs),
    highlights: highlights(inputs),
  };
}
