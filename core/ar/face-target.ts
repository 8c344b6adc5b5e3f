// Which tracked face the try-on is drawn on when more than one is in the frame (host and assistant). The
// compositor passes every tracked frame through a FaceTarget before the smoother, which only ever sees the
// chosen face. This default keeps the largest face; renderer/ar picks one by a click in the preview.
import type { FaceFrame, Point } from './face-types';

export interface FaceTarget {
  /** The frame with only the chosen face (or none), in the same frame coordinates. */
  select(frame: FaceFrame): FaceFrame;
  /** Chooses the face under a point (source-frame pixels); false when no face is there. */
  pick(point: Point): boolean;
  /** Forgets the choice (the next frame chooses again). */
  reset(): void;
}

const area = (f: FaceFrame['faces'][number]) => f.box.width * f.box.height;

/** Always the largest face in the frame; a click cannot change it. */
export class LargestFaceTarget implements FaceTarget {
  select(frame: FaceFrame): FaceFrame {
    if (frame.faces.length <= 1) return frame;
    const largest = frame.faces.reduce((a, b) => (area(b) > area(a) ? b : a));
    return { ...frame, faces: [largest] };
  }
  pick(): boolean {
    return false;
  }
  reset(): void {}
}
