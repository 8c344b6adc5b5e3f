// Which tracked face the try-on is drawn on when more than one is in the frame (host and assistant). The
// compositor passes every tracked frame through a FaceTarget before the smoother, which only ever sees the
// chosen face. The compositor's default is IdentityFaceTarget (identity-face-target.ts): the largest face
// until the host picks one, then that person across frames; LargestFaceTarget is the plain rule.
import type { FaceFrame, Point } from './face-types';

/** The most faces the tracker follows at once (each one costs one more mesh run per frame). */
export const AR_MAX_FACES = 2;

/** What the UI shows about the chosen face. */
export interface FaceTargetState {
  /** Faces in the latest frame. */
  faces: number;
  /** The chosen face's place among them, left to right from 1; null when it is not in the latest frame. */
  index: number | null;
  /** The host picked it (a click, or next); false while the default rule (the largest) chose it. */
  picked: boolean;
  /** A face was chosen but is not in view now: nothing is drawn until it is back. */
  waiting: boolean;
}

export interface FaceTarget {
  /** The frame with only the chosen face (or none), in the same frame coordinates. */
  select(frame: FaceFrame): FaceFrame;
  /** Chooses the face under a point (source-frame pixels); false when no face is there. */
  pick(point: Point): boolean;
  /** Chooses the next face of the latest frame, left to right, wrapping; false when there is no other. */
  next(): boolean;
  /** Forgets the choice (the next frame chooses again). */
  reset(): void;
  state(): FaceTargetState;
}

export const faceArea = (f: FaceFrame['faces'][number]) => f.box.width * f.box.height;

/** Always the largest face in the frame; a click cannot change it. */
export class LargestFaceTarget implements FaceTarget {
  private faces = 0;
  private chosen: number | null = null;

  select(frame: FaceFrame): FaceFrame {
    this.faces = frame.faces.length;
    if (frame.faces.length === 0) {
      this.chosen = null;
      return frame;
    }
    const largest = frame.faces.reduce((a, b) => (faceArea(b) > faceArea(a) ? b : a));
    this.chosen =
      1 + frame.faces.filter((f) => f.box.x + f.box.width / 2 < largest.box.x + largest.box.width / 2).length;
    return frame.faces.length === 1 ? frame : { ...frame, faces: [largest] };
  }
  pick(): boolean {
    return false;
  }
  next(): boolean {
    return false;
  }
  reset(): void {
    this.faces = 0;
    this.chosen = null;
  }
  state(): FaceTargetState {
    return { faces: this.faces, index: this.chosen, picked: false, waiting: false };
  }
}
