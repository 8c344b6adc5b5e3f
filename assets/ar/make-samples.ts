// Draws the sample AR overlay assets (one per product kind) as PNG files beside this script:
// `node --import tsx assets/ar/make-samples.ts`. Shapes are rasterised here with 4x4 supersampling and
// written with zlib, so no image library is needed. The JSON beside each PNG is hand-kept (anchor points in
// asset pixels); keep them in step with the geometry below.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
/** A shape's paint at one point: a colour (alpha 0..1) or null outside it. */
type Paint = (x: number, y: number) => Rgba | null;

const dir = path.dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Paints layers bottom to top ("source over"), 4x4 samples per pixel, straight (unpremultiplied) alpha. */
function render(width: number, height: number, layers: Paint[]): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  const n = 4;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const px = x + (sx + 0.5) / n;
          const py = y + (sy + 0.5) / n;
          // Composite this sample's layers (premultiplied).
          let cr = 0,
            cg = 0,
            cb = 0,
            ca = 0;
          for (const layer of layers) {
            const p = layer(px, py);
            if (!p) continue;
            const [lr, lg, lb, la] = p;
            cr = lr * la + cr * (1 - la);
            cg = lg * la + cg * (1 - la);
            cb = lb * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      const i = (y * width + x) * 4;
      const s = n * n;
      out[i + 3] = Math.round((a / s) * 255);
      if (a > 0) {
        out[i] = Math.round(Math.min(255, r / a));
        out[i + 1] = Math.round(Math.min(255, g / a));
        out[i + 2] = Math.round(Math.min(255, b / a));
      }
    }
  return out;
}

const mix = (c1: Rgba, c2: Rgba, t: number): Rgba => {
  const k = Math.max(0, Math.min(1, t));
  return [0, 1, 2, 3].map((i) => c1[i]! + (c2[i]! - c1[i]!) * k) as Rgba;
};

function save(name: string, width: number, height: number, layers: Paint[]): void {
  writeFileSync(path.join(dir, name), png(width, height, render(width, height, layers)));
  process.stdout.write(`${name} ${width}x${height}\n`);
}

// ---- glasses/aviator: 600x220, two teardrop lenses with a vivid blue mirror tint, a gold double bridge ----
{
  const W = 600;
  const H = 220;
  /** Inside test for the aviator lens around (cx, cy); `inner` = towards the nose (+1 or -1 in x). */
  const lens = (cx: number, cy: number, inner: number, grow: number) => (x: number, y: number) => {
    const dx = (x - cx) * inner; // > 0 towards the nose
    const dy = y - cy;
    const rx = 122 + grow - (dy > 0 ? dy * 0.32 * (dx > 0 ? 1 : 0.45) : 0);
    const ry = (dy < 0 ? 78 : 104) + grow;
    return rx > 0 && (dx / rx) ** 2 + (dy / ry) ** 2 <= 1;
  };
  const lenses = [lens(150, 96, 1, 0), lens(450, 96, -1, 0)];
  const rims = [lens(150, 96, 1, 9), lens(450, 96, -1, 9)];
  const gold: Rgba = [212, 175, 55, 1];
  const goldDark: Rgba = [150, 115, 30, 1];
  const frame: Paint = (x, y) =>
    rims.some((r) => r(x, y)) && !lenses.some((l) => l(x, y)) ? mix(gold, goldDark, (y - 20) / 200) : null;
  const tint: Paint = (x, y) =>
    lenses.some((l) => l(x, y)) ? mix([0, 150, 255, 0.9], [40, 40, 220, 0.92], (y - 18) / 180) : null;
  const bars: Paint = (x, y) =>
    (x >= 262 && x <= 338 && ((y >= 30 && y <= 38) || (y >= 58 && y <= 64))) ||
    (y >= 36 && y <= 46 && (x <= 24 || x >= W - 24))
      ? gold
      : null;
  save('glasses/aviator.png', W, H, [tint, frame, bars]);
}

// ---- earrings/hoop: 120x170, a gold hoop under a small stud ----
{
  const W = 120;
  const H = 170;
  const ring: Paint = (x, y) => {
    const d = Math.hypot(x - 60, y - 105);
    if (d > 56 || d < 47) return null;
    return mix([240, 205, 90, 1], [170, 125, 35, 1], (y - 50) / 110);
  };
  const stud: Paint = (x, y) => (Math.hypot(x - 60, y - 14) <= 11 ? [250, 230, 160, 1] : null);
  const link: Paint = (x, y) => (x >= 57 && x <= 63 && y >= 20 && y <= 52 ? [212, 175, 55, 1] : null);
  save('earrings/hoop.png', W, H, [ring, link, stud]);
}

// ---- hat/fedora: 700x380, a felt crown with a pinch, a ribbon band and a wide brim ----
{
  const W = 700;
  const H = 380;
  const felt: Rgba = [92, 70, 52, 1];
  const feltDark: Rgba = [60, 44, 32, 1];
  const brim: Paint = (x, y) => {
    const dx = (x - 350) / 345;
    const dy = (y - 300) / 58;
    return dx * dx + dy * dy <= 1 ? mix(felt, feltDark, (y - 250) / 100) : null;
  };
  const crown: Paint = (x, y) => {
    if (y > 300 || y < 40) return null;
    const half = 205 - (300 - y) * 0.22;
    const dent = 22 * Math.exp(-(((x - 350) / 40) ** 2)); // the centre pinch
    const top = 60 + dent + ((x - 350) / half) ** 4 * 40;
    return Math.abs(x - 350) <= half && y >= top ? mix(felt, feltDark, Math.abs(x - 350) / 260) : null;
  };
  const band: Paint = (x, y) => {
    const half = 205 - (300 - y) * 0.22;
    return y >= 238 && y <= 282 && Math.abs(x - 350) <= half ? [25, 20, 18, 1] : null;
  };
  save('hat/fedora.png', W, H, [brim, crown, band]);
}

// ---- lipstick/ruby: 64x64 swatch for the product UI (the overlay itself is drawn from the colour) ----
{
  const ruby: Rgba = [155, 17, 30, 1];
  const swatch: Paint = (x, y) =>
    Math.hypot(x - 32, y - 32) <= 30 ? mix(ruby, [110, 8, 20, 1], y / 64) : null;
  save('lipstick/ruby.png', 64, 64, [swatch]);
}
