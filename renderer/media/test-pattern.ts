// A synthetic camera: moving colour bars, a clock and the timestamp code (core/media/timestamp-code) so
// viewers can read the glass-to-glass latency off the picture. Hosts use it to check a stream end to end.
import { codeCell, encodeTimestamp } from '../../core/media/timestamp-code';

export interface TestPattern {
  stream: MediaStream;
  stop(): void;
}

export function startTestPattern(width = 1280, height = 720, fps = 30): TestPattern {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: false })!;
  const colours = ['#c0c0c0', '#c0c000', '#00c0c0', '#00c000', '#c000c0', '#c00000', '#0000c0'];
  let frame = 0;
  const draw = () => {
    const now = Date.now();
    frame++;
    const barW = width / colours.length;
    const shift = (frame * 4) % width;
    colours.forEach((c, i) => {
      ctx.fillStyle = c;
      ctx.fillRect((i * barW + shift) % width, 0, barW + 1, height);
      ctx.fillRect(((i * barW + shift) % width) - width, 0, barW + 1, height);
    });
    encodeTimestamp(now).forEach((bit, i) => {
      const cell = codeCell(i, width, height);
      ctx.fillStyle = bit ? '#ffffff' : '#000000';
      ctx.fillRect(cell.x, cell.y, Math.ceil(cell.w), Math.ceil(cell.h));
    });
    ctx.fillStyle = 'rgba(0,0,0,0.6)';
    ctx.fillRect(width / 2 - 220, height / 2 - 50, 440, 100);
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold ${Math.round(height / 12)}px monospace`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(new Date(now).toISOString().slice(11, 23), width / 2, height / 2);
  };
  draw();
  const timer = setInterval(draw, 1000 / fps);
  const stream = canvas.captureStream(fps);
  return {
    stream,
    stop() {
      clearInterval(timer);
      stream.getTracks().forEach((t) => t.stop());
    },
  };
}
