// One uPlot chart (the ops dashboard's room charts, the replay timeline): made once, given new data with
// setData (no re-creation per update), resized with its panel, destroyed on unmount. Pin periods and alerts
// can be drawn as vertical markers; a page adds its own drawing through the options' plugins.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Marker {
  /** Seconds since the epoch (uPlot's x). */
  at: number;
  kind: 'pin' | 'alert';
}

const MARKER_COLOURS: Record<Marker['kind'], string> = { pin: '#4aa3ff', alert: '#ef5a5a' };

function markerPlugin(markers: { current: Marker[] }): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.lineWidth = 1.5 * devicePixelRatio;
        for (const m of markers.current) {
          const x = Math.round(u.valToPos(m.at, 'x', true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = MARKER_COLOURS[m.kind];
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

interface UChartProps {
  title: string;
  testId: string;
  /** Builds the options (series, scales, axes); called once per mount. */
  options: () => Omit<uPlot.Options, 'width' | 'height' | 'title'>;
  data: uPlot.AlignedData;
  markers?: Marker[];
  height?: number;
}

const NO_MARKERS: Marker[] = [];

export function UChart({ title, testId, options, data, markers = NO_MARKERS, height = 180 }: UChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const markerRef = useRef(markers);
  markerRef.current = markers;
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const el = host.current!;
    const base = options();
    const u = new uPlot(
      {
        ...base,
        width: Math.max(200, el.clientWidth),
        height,
        plugins: [...(base.plugins ?? []), markerPlugin(markerRef)],
      },
      dataRef.current,
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // The options are fixed for the chart's life; data and markers arrive through setData.
  }, [height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data, markers]);

  return (
    <figure className="chart" data-testid={testId} data-points={data[0].length}>
      <figcaption>{title}</figcaption>
      <div ref={host} className="chart-canvas" />
    </figure>
  );
}
