// The tray icon, drawn rather than shipped: a filled dot, red while live and grey off air, as raw BGRA
// pixels for nativeImage.createFromBitmap.
import type { TrayIcon } from './live-guard';

const COLOURS: Record<TrayIcon, [number, number, number]> = {
  live: [0xe5, 0x1c, 0x23],
  idle: [0x8a, 0x8f, 0x98],
};

/** `size`×`size` BGRA pixels: a dot with a soft edge on a transparent square. */
export function trayBitmap(icon: TrayIcon, size = 16): Buffer {
  const [r, g, b] = COLOURS[icon];
  const pixels = Buffer.alloc(size * size * 4);
  const centre = (size - 1) / 2;
  const radius = size * 0.42;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - centre, y - centre);
      const alpha = Math.max(0, Math.min(1, radius - distance + 0.5));
      const at = (y * size + x) * 4;
      pixels[at] = b;
      pixels[at + 1] = g;
      pixels[at + 2] = r;
      pixels[at + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}
