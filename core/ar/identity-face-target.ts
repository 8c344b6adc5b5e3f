// The try-on's face when two people are on camera: the largest face until the host picks one (a click in the
// preview, or "next face"), then that person from frame to frame, wherever they move. Every face in view gets
// a track (position, size, velocity, and a cheap look of the face from the mesh: landmark distance ratios);
// each frame's faces are matched to the tracks as a whole (least total cost within a motion gate), so two
// people crossing keep their identities, and a face the other person's track explains is never taken. A
// followed face that leaves is held (nothing drawn) and taken back when a face of its size and look comes
// in that no other track explains.
import { landmarkPoint } from './anchors';
import { faceArea, type FaceTarget, type FaceTargetState } from './face-target';
import type { FaceFrame, Point, TrackedFace } from './face-types';

export interface IdentityFaceTargetOptions {
  /**
   * A followed face unseen for this long is lost: from then on it is taken back by size and look alone,
   * anywhere in the frame (before, only near where it was going). Default 1000 ms.
   */
  holdMs?: number;
  /** Tracks of the other faces are forgotten after this long unseen. Default 1500 ms. */
  forgetMs?: number;
  /**
   * With nothing picked, a lost default face gives way to the largest face after this long; a face the host
   * picked is waited for until they pick again. Default 3000 ms.
   */
  defaultRechooseMs?: number;
}

interface Track {
  id: number;
  centre: Point;
  /** sqrt(box area), px. */
  size: number;
  /** px per ms. */
  velocity: Point;
  look: number[] | null;
  lastT: number;
  /** When it was first seen. */
  bornT: number;
}

/** Gate on the distance from the predicted centre, in face sizes: base, and its growth per second unseen. */
const GATE_BASE = 0.7;
const GATE_PER_S = 1.2;
const GATE_MAX = 2.5;
/** Velocity is extrapolated at most this far. */
const PREDICT_MAX_MS = 500;
/** Size change a match allows (ratio), frame to frame and when taking a lost face back. */
const SIZE_GATE = Math.log(1.6);
/** Look difference (largest |log ratio|) allowed when taking a lost face back. */
const LOOK_GATE = 0.1;
const LOOK_WEIGHT = 2;
const SIZE_WEIGHT = 2;
/** Cost of leaving a face unmatched: above any gated match. */
const UNMATCHED = 100;
/** More faces than this in one frame: only the largest take part in matching. */
const MATCH_MAX_FACES = 5;

const centreOf = (f: TrackedFace): Point => ({ x: f.box.x + f.box.width / 2, y: f.box.y + f.box.height / 2 });
const sizeOf = (f: TrackedFace) => Math.sqrt(Math.max(1, faceArea(f)));
const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * Scale- and roll-free ratios of the 468-point mesh that differ between people more than between frames of
 * one person: eye corners to temples, forehead-chin to temples, mouth to eye corners, nose tip-chin to
 * forehead-chin (widths undone for the head's yaw). Null without a full mesh.
 */
export function faceLook(face: TrackedFace): number[] | null {
  const l = face.landmarks;
  if (l.length < 468 * 3) return null;
  const d = (i: number, j: number) => dist(landmarkPoint(l, i), landmarkPoint(l, j));
  const turned = Math.max(0.5, Math.cos(face.rotation.yaw));
  const temples = d(234, 454) / turned;
  const eyes = d(33, 263) / turned;
  const height = d(10, 152);
  if (temples < 1 || eyes < 1 || height < 1) return null;
  return [eyes / temples, height / temples, d(61, 291) / eyes, d(1, 152) / height];
}

/** The largest |log ratio| between two looks (0 when either is unknown). */
function lookDistance(a: number[] | null, b: number[] | null): number {
  if (!a || !b) return 0;
  let most = 0;
  for (let i = 0; i < a.length; i++)
    most = Math.max(most, Math.abs(Math.log(Math.max(1e-6, a[i]!) / Math.max(1e-6, b[i]!))));
  return most;
}

export class IdentityFaceTarget implements FaceTarget {
  private readonly holdMs: number;
  private readonly forgetMs: number;
  private readonly rechooseMs: number;
  private tracks: Track[] = [];
  private nextId = 1;
  private targetId: number | null = null;
  private picked = false;
  /** The latest frame's faces with the track each was matched to. */
  private latest: { face: TrackedFace; trackId: number }[] = [];

  constructor(options: IdentityFaceTargetOptions = {}) {
    this.holdMs = options.holdMs ?? 1000;
    this.forgetMs = options.forgetMs ?? 1500;
    this.rechooseMs = options.defaultRechooseMs ?? 3000;
  }

  select(frame: FaceFrame): FaceFrame {
    const t = frame.t;
    const faces = [...frame.faces].sort((a, b) => faceArea(b) - faceArea(a)).slice(0, MATCH_MAX_FACES);
    const target = this.tracks.find((k) => k.id === this.targetId) ?? null;
    // A lost target takes no part in the motion match: it comes back only by size and look (below).
    const live = this.tracks.filter((k) => k !== target || t - k.lastT <= this.holdMs);
    const assignment = this.match(faces, live, t);
    const matched = new Set(assignment.filter((a) => a !== null));
    this.latest = [];
    faces.forEach((face, i) => {
      let track = assignment[i] ?? null;
      if (
        !track &&
        target &&
        !matched.has(target) &&
        t - target.lastT > this.holdMs &&
        this.fits(face, target)
      ) {
        track = target;
        matched.add(target);
      }
      if (track) this.update(track, face, t);
      else {
        track = this.newTrack(face, t);
        this.tracks.push(track);
      }
      this.latest.push({ face, trackId: track.id });
    });
    this.tracks = this.tracks.filter((k) => k.id === this.targetId || t - k.lastT <= this.forgetMs);
    this.chooseDefault(t);
    const chosen = this.latest.find((e) => e.trackId === this.targetId);
    return { ...frame, faces: chosen ? [chosen.face] : [] };
  }

  pick(point: Point): boolean {
    const under = this.latest
      .filter(
        ({ face: { box } }) =>
          point.x >= box.x &&
          point.x <= box.x + box.width &&
          point.y >= box.y &&
          point.y <= box.y + box.height,
      )
      .sort((a, b) => faceArea(a.face) - faceArea(b.face));
    const hit = under[0];
    if (!hit) return false;
    this.targetId = hit.trackId;
    this.picked = true;
    return true;
  }

  next(): boolean {
    const order = this.leftToRight();
    if (order.length === 0) return false;
    const at = order.findIndex((e) => e.trackId === this.targetId);
    if (at !== -1 && order.length === 1) return false;
    this.targetId = order[(at + 1) % order.length]!.trackId;
    this.picked = true;
    return true;
  }

  reset(): void {
    this.tracks = [];
    this.latest = [];
    this.targetId = null;
    this.picked = false;
  }

  state(): FaceTargetState {
    const at = this.leftToRight().findIndex((e) => e.trackId === this.targetId);
    return {
      faces: this.latest.length,
      index: at === -1 ? null : at + 1,
      picked: this.picked,
      waiting: this.targetId !== null && at === -1,
    };
  }

  private leftToRight() {
    return [...this.latest].sort((a, b) => centreOf(a.face).x - centreOf(b.face).x);
  }

  /**
   * No target yet, or a default one lost: the largest face in view (matched faces come sorted). A lost default
   * face gives way at once when every face in view is new (nobody else was there: likely the same person,
   * back with another look), else after rechooseMs.
   */
  private chooseDefault(t: number): void {
    const target = this.tracks.find((k) => k.id === this.targetId);
    const unseen = target ? t - target.lastT : 0;
    const allNew = this.latest.every((e) => this.tracks.find((k) => k.id === e.trackId)?.bornT === t);
    const gone = !target || (!this.picked && (unseen > this.rechooseMs || (unseen > this.holdMs && allNew)));
    if (!gone) return;
    if (!target) this.picked = false;
    const largest = this.latest[0];
    if (largest) {
      this.targetId = largest.trackId;
      this.picked = false;
    }
  }

  /** The cost of explaining `face` by `track` at time t, or null outside the gates. */
  private cost(face: TrackedFace, track: Track, t: number, look: number[] | null): number | null {
    const dt = Math.max(0, t - track.lastT);
    const ahead = Math.min(dt, PREDICT_MAX_MS);
    const predicted = {
      x: track.centre.x + track.velocity.x * ahead,
      y: track.centre.y + track.velocity.y * ahead,
    };
    const d = dist(centreOf(face), predicted) / track.size;
    if (d > Math.min(GATE_MAX, GATE_BASE + (GATE_PER_S * dt) / 1000)) return null;
    const sizeChange = Math.abs(Math.log(sizeOf(face) / track.size));
    if (sizeChange > SIZE_GATE) return null;
    return d + SIZE_WEIGHT * sizeChange + LOOK_WEIGHT * lookDistance(look, track.look);
  }

  /** Whether a face anywhere in the frame can be the lost `track`: its size and look. */
  private fits(face: TrackedFace, track: Track): boolean {
    return (
      Math.abs(Math.log(sizeOf(face) / track.size)) <= SIZE_GATE &&
      lookDistance(faceLook(face), track.look) <= LOOK_GATE
    );
  }

  /** Per face, its track: the assignment with the fewest unmatched faces, then the least total cost. */
  private match(faces: TrackedFace[], tracks: Track[], t: number): (Track | null)[] {
    const looks = faces.map(faceLook);
    const costs = faces.map((f, i) => tracks.map((k) => this.cost(f, k, t, looks[i]!)));
    let best: { total: number; pairs: (Track | null)[] } = { total: Infinity, pairs: faces.map(() => null) };
    const pairs: (Track | null)[] = [];
    const used = new Set<number>();
    const walk = (i: number, total: number) => {
      if (total >= best.total) return;
      if (i === faces.length) {
        best = { total, pairs: [...pairs] };
        return;
      }
      tracks.forEach((k, j) => {
        const c = costs[i]![j];
        if (c === null || c === undefined || used.has(j)) return;
        used.add(j);
        pairs.push(k);
        walk(i + 1, total + c);
        pairs.pop();
        used.delete(j);
      });
      pairs.push(null);
      walk(i + 1, total + UNMATCHED);
      pairs.pop();
    };
    walk(0, 0);
    return best.pairs;
  }

  private newTrack(face: TrackedFace, t: number): Track {
    return {
      id: this.nextId++,
      centre: centreOf(face),
      size: sizeOf(face),
      velocity: { x: 0, y: 0 },
      look: faceLook(face),
      lastT: t,
      bornT: t,
    };
  }

  private update(track: Track, face: TrackedFace, t: number): void {
    const centre = centreOf(face);
    const dt = t - track.lastT;
    if (dt > 0 && dt <= PREDICT_MAX_MS * 2) {
      const vx = (centre.x - track.centre.x) / dt;
      const vy = (centre.y - track.centre.y) / dt;
      track.velocity = { x: 0.5 * track.velocity.x + 0.5 * vx, y: 0.5 * track.velocity.y + 0.5 * vy };
    } else if (dt > PREDICT_MAX_MS * 2) track.velocity = { x: 0, y: 0 };
    track.centre = centre;
    track.size = 0.5 * track.size + 0.5 * sizeOf(face);
    const look = faceLook(face);
    if (look) track.look = track.look ? track.look.map((v, i) => 0.8 * v + 0.2 * look[i]!) : look;
    track.lastT = Math.max(track.lastT, t);
  }
}
