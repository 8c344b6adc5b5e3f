// A wall-clock timestamp painted into a video frame as a strip of black and white cells, read back from
// the decoded frame at the viewer: glass-to-glass latency without any side channel. 42 bits of
// milliseconds plus a 6-bit checksum; cells are sized in fractions of the frame, so any simulcast layer
// decodes.
export const CODE_CELLS = 48;
const DATA_BITS = 42;
/** The strip's height as a fraction of the frame height. */
export const CODE_STRIP_HEIGHT = 0.06;

function checksum(bits: boolean[]): number {
  let sum = 0;
  for (let i = 0; i < bits.length; i++) if (bits[i]) sum += (i % 7) + 1;
  // The offset makes an all-black or all-white strip invalid.
  return (sum + 37) % 64;
}

export function encodeTimestamp(ms: number): boolean[] {
  const bits: boolean[] = [];
  let value = Math.floor(ms);
  for (let i = 0; i < DATA_BITS; i++) {
    bits.push(value % 2 === 1);
    value = Math.floor(value / 2);
  }
  const sum = checksum(bits);
  for (let i = 0; i < CODE_CELLS - DATA_BITS; i++) bits.push(((sum >> i) & 1) === 1);
  return bits;
}

export function decodeTimestamp(bits: boolean[]): number | null {
  if (bits.length !== CODE_CELLS) return null;
  const data = bits.slice(0, DATA_BITS);
  let sum = 0;
  for (let i = 0; i < CODE_CELLS - DATA_BITS; i++) if (bits[DATA_BITS + i]) sum |= 1 << i;
  if (sum !== checksum(data)) return null;
  let value = 0;
  for (let i = DATA_BITS - 1; i >= 0; i--) value = value * 2 + (data[i] ? 1 : 0);
  return value;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Cell i of the strip along the top of a width x height frame. */
export function codeCell(i: number, width: number, height: number): Rect {
  const w = width / CODE_CELLS;
  return { x: i * w, y: 0, w, h: height * CODE_STRIP_HEIGHT };
}

/** Reads the strip from RGBA pixels (e.g. ImageData); null when there is no valid code in the frame. */
export function readTimestamp(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): number | null {
  const bits: boolean[] = [];
  for (let i = 0; i < CODE_CELLS; i++) {
    const c = codeCell(i, width, height);
    // The middle half of each cell, away from edges that the codec smears.
    const x0 = Math.floor(c.x + c.w / 4);
    const x1 = Math.max(x0 + 1, Math.floor(c.x + (3 * c.w) / 4));
    const y0 = Math.floor(c.y + c.h / 4);
    const y1 = Math.max(y0 + 1, Math.floor(c.y + (3 * c.h) / 4));
    let luma = 0;
    let n = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const p = (y * width + x) * 4;
        luma += 0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!;
        n++;
      }
    }
    bits.push(luma / n > 128);
  }
  return decodeTimestamp(bits);
}
