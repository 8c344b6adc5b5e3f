// A uPlot plugin for the replay timeline: pin periods and recording gaps as shaded bands, marks and alerts
// as lines, the playhead, and click or drag on the plot to seek. Bands, ticks and the playhead are read
// through refs, so the chart is made once and only redrawn.
import type uPlot from 'uplot';
import type { Band, Tick } from './timeline-data';

export interface TimelineRefs {
  bands: { current: Band[] };
  ticks: { current: Tick[] };
  /** Stream ms of the playhead. */
  playhead: { current: number };
  /** Called with a stream ms when the plot is clicked or dragged on. */
  seek: { current: (ms: number) => void };
}

const BAND_FILL: Record<Band['kind'], string> = {
  pin: 'rgba(74, 163, 255, 0.14)',
  gap: 'rgba(154, 161, 178, 0.28)',
};
const TICK_STROKE: Record<Tick['kind'], string> = {
  mark: '#f0b429',
  alert: '#ef5a5a',
  compliance: '#c77dff',
};
/** A drag seeks at most this often (each seek loads and decodes a frame). */
const DRAG_SEEK_MS = 120;

export function timelinePlugin(refs: TimelineRefs): uPlot.Plugin {
  return {
    hooks: {
      ready: (u) => {
        let down = false;
        let last = 0;
        const at = (e: MouseEvent) => {
          const box = u.over.getBoundingClientRect();
          return Math.max(0, u.posToVal(e.clientX - box.left, 'x') * 1000);
        };
        u.over.style.cursor = 'pointer';
        u.over.addEventListener('mousedown', (e) => {
          down = true;
          last = performance.now();
          refs.seek.current(at(e));
        });
        u.over.addEventListener('mousemove', (e) => {
          if (!down || performance.now() - last < DRAG_SEEK_MS) return;
          last = performance.now();
          refs.seek.current(at(e));
        });
        const up = (e: MouseEvent) => {
          if (!down) return;
          down = false;
          refs.seek.current(at(e));
        };
        u.over.addEventListener('mouseup', up);
        u.over.addEventListener('mouseleave', () => (down = false));
      },
      drawClear: (u) => {
        const { ctx } = u;
        const { top, height, left, width } = u.bbox;
        ctx.save();
        for (const b of refs.bands.current) {
          const x0 = Math.max(left, u.valToPos(b.from, 'x', true));
          const x1 = Math.min(left + width, u.valToPos(b.to, 'x', true));
          if (x1 <= x0) continue;
          ctx.fillStyle = BAND_FILL[b.kind];
          ctx.fillRect(x0, top, x1 - x0, height);
        }
        ctx.restore();
      },
      draw: (u) => {
        const { ctx } = u;
        const { top, height, left, width } = u.bbox;
        const line = (x: number, stroke: string, w: number) => {
          if (x < left || x > left + width) return;
          ctx.strokeStyle = stroke;
          ctx.lineWidth = w * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(Math.round(x), top);
          ctx.lineTo(Math.round(x), top + height);
          ctx.stroke();
        };
        ctx.save();
        for (const tick of refs.ticks.current)
          line(u.valToPos(tick.at, 'x', true), TICK_STROKE[tick.kind], 1.5);
        line(u.valToPos(refs.playhead.current / 1000, 'x', true), '#e8eaf0', 2);
        ctx.restore();
      },
    },
  };
}
