// A tile's sparkline: one SVG polyline, redrawn only when its values change (a memoized tile).
import { memo } from 'react';
import { sparklinePoints } from './board-model';

const W = 120;
const H = 28;

export const Sparkline = memo(function Sparkline({ values, label }: { values: number[]; label: string }) {
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
      <polyline points={sparklinePoints(values, W, H - 2)} fill="none" strokeWidth="1.5" />
    </svg>
  );
});
