import { describe, expect, it } from 'vitest';
import { LargestFaceTarget } from './face-target';
import type { FaceFrame, Point, TrackedFace } from './face-types';
import { IdentityFaceTarget } from './identity-face-target';
import { seededRandom, syntheticFace } from './synthetic-face.test-helper';

/** A face whose mesh is stretched vertically by `tall` (another person's face shape). */
function face(cx: number, cy: number, width: number, tall = 1): TrackedFace {
  const f = syntheticFace({ cx, cy, width });
  const l = f.landmarks;
  for (let i = 0; i < l.length / 3; i++) l[i * 3 + 1] = cy + (l[i * 3 + 1]! - cy) * tall;
  const ys = Array.from({ length: 468 }, (_, i) => l[i * 3 + 1]!);
  const minY = Math.min(...ys);
  return { ...f, box: { ...f.box, y: minY, height: Math.max(...ys) - minY } };
}

const rnd = seededRandom(3);
/** The tracker does not keep its faces in any order: shuffled on every frame. */
function frame(t: number, faces: TrackedFace[]): FaceFrame {
  const shuffled = [...faces].sort(() => rnd() - 0.5);
  return { t, width: 960, height: 540, faces: shuffled };
}

const centre = (f: TrackedFace): Point => ({ x: f.box.x + f.box.width / 2, y: f.box.y + f.box.height / 2 });
/** The chosen face is `expected` (the very same face object). */
function expectChosen(out: FaceFrame, expected: TrackedFace | null, what: string): void {
  if (expected === null) expect(out.faces, what).toEqual([]);
  else {
    expect(out.faces.length, what).toBe(1);
    expect(
      out.faces[0] === expected,
      `${what}: chose the face at ${JSON.stringify(centre(out.faces[0]!))}`,
    ).toBe(true);
  }
}

const FRAME_MS = 80;
const lerp = (a: number, b: number, k: number) => a + (b - a) * k;

describe('IdentityFaceTarget', () => {
  it('chooses the largest face by default and keeps that person when the other comes closer and grows', () => {
    const target = new IdentityFaceTarget();
    for (let i = 0; i < 30; i++) {
      const k = i / 29;
      const a = face(250, 260, 200, 1.1);
      const b = face(lerp(650, 600, k), 270, lerp(150, 260, k)); // walks toward the camera
      expectChosen(target.select(frame(i * FRAME_MS, [a, b])), a, `frame ${i}`);
    }
    expect(target.state()).toEqual({ faces: 2, index: 1, picked: false, waiting: false });
  });

  it('a picked face stays picked while the two cross, each frame on the picked one', () => {
    const target = new IdentityFaceTarget();
    const at = (i: number) => {
      const k = Math.min(1, i / 40);
      return {
        a: face(lerp(180, 760, k), 220, 170, 1.1),
        b: face(lerp(760, 180, k), 320, 150),
      };
    };
    const first = at(0);
    target.select(frame(0, [first.a, first.b]));
    expect(target.state().index).toBe(1); // the larger one, on the left
    expect(target.pick(centre(first.b))).toBe(true);
    expect(target.state()).toEqual({ faces: 2, index: 2, picked: true, waiting: false });
    for (let i = 1; i <= 45; i++) {
      const { a, b } = at(i);
      expectChosen(target.select(frame(i * FRAME_MS, [a, b])), b, `frame ${i}`);
    }
    // Now on the left of the other face.
    expect(target.state()).toEqual({ faces: 2, index: 1, picked: true, waiting: false });
  });

  it('while the picked face is hidden behind the other one nothing is drawn, then it is followed again', () => {
    const target = new IdentityFaceTarget();
    const at = (i: number) => {
      const k = i / 40;
      return { a: face(lerp(200, 760, k), 260, 200, 1.1), b: face(lerp(760, 200, k), 280, 160) };
    };
    const first = at(0);
    target.select(frame(0, [first.a, first.b]));
    expect(target.pick(centre(first.b))).toBe(true);
    for (let i = 1; i <= 40; i++) {
      const { a, b } = at(i);
      // Around the middle the picked face (smaller, farther) is behind the other for 5 frames (400 ms).
      const hidden = i >= 18 && i <= 22;
      const out = target.select(frame(i * FRAME_MS, hidden ? [a] : [a, b]));
      expectChosen(out, hidden ? null : b, `frame ${i}`);
      if (hidden)
        expect(target.state()).toMatchObject({ faces: 1, index: null, picked: true, waiting: true });
    }
  });

  it('a face that leaves for longer than the hold is waited for, never swapped, and taken back by its look', () => {
    const target = new IdentityFaceTarget({ holdMs: 500 });
    const a = (i: number) => face(300 + 40 * Math.sin(i / 5), 260, 190, 1.12);
    const b = (x: number) => face(x, 280, 150);
    let t = 0;
    target.select(frame(t, [a(0), b(700)]));
    expect(target.pick(centre(b(700)))).toBe(true);
    // B walks out of the frame to the right for 2 s; A stays and moves.
    for (let i = 1; i <= 25; i++) {
      const out = target.select(frame((t += FRAME_MS), [a(i)]));
      expectChosen(out, null, `away ${i}`);
    }
    // Someone else (another face shape, same size) comes in where B left: not B.
    for (let i = 26; i <= 30; i++) {
      const out = target.select(frame((t += FRAME_MS), [a(i), face(720, 280, 150, 1.25)]));
      expectChosen(out, null, `stranger ${i}`);
    }
    // B comes back on the other side of A.
    for (let i = 31; i <= 40; i++) {
      const back = b(80 + i);
      const out = target.select(frame((t += FRAME_MS), [a(i), back]));
      expectChosen(out, back, `back ${i}`);
    }
    expect(target.state()).toEqual({ faces: 2, index: 1, picked: true, waiting: false });
  });

  it('by default, a largest face that left for long gives way to the largest face in view', () => {
    const target = new IdentityFaceTarget({ holdMs: 300, defaultRechooseMs: 1000 });
    const a = face(300, 260, 220);
    const b = face(700, 260, 150, 1.2);
    expectChosen(target.select(frame(0, [a, b])), a, 'start');
    let t = FRAME_MS;
    for (; t <= 1000; t += FRAME_MS) expectChosen(target.select(frame(t, [b])), null, `at ${t}`);
    expectChosen(target.select(frame(t, [b])), b, 'after the wait');
    expect(target.state()).toEqual({ faces: 1, index: 1, picked: false, waiting: false });
  });

  it('alone on camera, a face back after the hold is worn at once by default, but waited for when picked', () => {
    for (const picked of [false, true]) {
      const target = new IdentityFaceTarget({ holdMs: 500 });
      const before = face(320, 260, 200);
      target.select(frame(0, [before]));
      if (picked) expect(target.pick(centre(before))).toBe(true);
      for (let t = FRAME_MS; t <= 1000; t += FRAME_MS)
        expectChosen(target.select(frame(t, [])), null, `away ${t}`);
      // Back elsewhere, and the mesh reads the face a little differently (turned, another light).
      const back = face(200, 240, 190, 1.2);
      expectChosen(target.select(frame(1100, [back])), picked ? null : back, `back, picked: ${picked}`);
    }
  });

  it('next() goes through the faces left to right; a click outside every face picks nothing', () => {
    const target = new IdentityFaceTarget();
    const left = face(200, 260, 150);
    const middle = face(480, 260, 160);
    const right = face(760, 260, 200);
    target.select(frame(0, [left, middle, right]));
    expect(target.state()).toEqual({ faces: 3, index: 3, picked: false, waiting: false });
    expect(target.next()).toBe(true);
    expect(target.state()).toEqual({ faces: 3, index: 1, picked: true, waiting: false });
    expectChosen(target.select(frame(FRAME_MS, [left, middle, right])), left, 'after next');
    expect(target.next()).toBe(true);
    expectChosen(target.select(frame(2 * FRAME_MS, [left, middle, right])), middle, 'after next again');
    expect(target.pick({ x: 5, y: 5 })).toBe(false);
    expect(target.state().index).toBe(2);
    target.reset();
    expect(target.state()).toEqual({ faces: 0, index: null, picked: false, waiting: false });
    expect(target.next()).toBe(false);
    // With one face in view there is no other to go to.
    target.select(frame(3 * FRAME_MS, [middle]));
    expect(target.next()).toBe(false);
  });
});

describe('LargestFaceTarget', () => {
  it('reports the largest face and its place; it cannot be picked', () => {
    const target = new LargestFaceTarget();
    const small = face(200, 260, 150);
    const large = face(600, 260, 220);
    expectChosen(target.select(frame(0, [small, large])), large, 'largest');
    expect(target.state()).toEqual({ faces: 2, index: 2, picked: false, waiting: false });
    expect(target.pick()).toBe(false);
    expect(target.next()).toBe(false);
  });
});
