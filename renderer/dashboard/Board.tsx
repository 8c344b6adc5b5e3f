// The board: one tile per live room, sorted by any column, filtered to rooms with alerts. The grid renders
// again only when the order of rooms changes; each tile follows its own room (BoardTile). One ticker writes
// every tile's time live, and `window.__opsBoard` says when an update reached the screen (the ops bench).
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { boardView, formatDuration, moveFocus, SORT_KEYS, type SortKey } from './board-model';
import { BoardTile } from './BoardTile';
import { useDashboardStore } from './dashboard-store';
import { ProblemNote } from '../shared/ProblemNote';

declare global {
  interface Window {
    /** For the ops bench: tiles on screen, and the latest BoardUpdate painted (its `at`, and when). */
    __opsBoard?: { tiles: number; lastUpdateAt: number; paintedAt: number; updates: number };
  }
}

const SEP = '\u0000';

/** After each applied update, in the next frame: what is on screen now. */
function BoardProbe({ tiles }: { tiles: number }) {
  const lastUpdateAt = useDashboardStore((s) => s.lastUpdateAt);
  const updates = useRef(0);
  useEffect(() => {
    updates.current += 1;
    const frame = requestAnimationFrame(() => {
      window.__opsBoard = { tiles, lastUpdateAt, paintedAt: Date.now(), updates: updates.current };
    });
    return () => cancelAnimationFrame(frame);
  }, [lastUpdateAt, tiles]);
  return null;
}

function useLiveTicker(grid: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const timer = setInterval(() => {
      const now = Date.now();
      for (const el of grid.current?.querySelectorAll<HTMLElement>('[data-since]') ?? []) {
        const since = Number(el.dataset.since);
        if (since > 0) el.textContent = formatDuration(now - since);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [grid]);
}

export function Board({ onOpen }: { onOpen(roomId: string): void }) {
  const { t } = useTranslation('dashboard');
  const status = useDashboardStore((s) => s.board.status);
  const error = useDashboardStore((s) => s.board.error);
  const sort = useDashboardStore((s) => s.sort);
  const alertsOnly = useDashboardStore((s) => s.alertsOnly);
  const total = useDashboardStore((s) => Object.keys(s.tiles).length);
  // The order as one string: the grid renders again only when it changes, not on every update.
  const orderKey = useDashboardStore((s) => {
    const v = boardView(s.tiles, s.sort, s.alertsOnly);
    return [v.currency ?? '', ...v.ids].join(SEP);
  });
  const { ids, currency } = useMemo(() => {
    const [c, ...rest] = orderKey.split(SEP);
    return { ids: rest, currency: c || null };
  }, [orderKey]);
  const set = useDashboardStore((s) => s.set);
  const grid = useRef<HTMLDivElement>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusNext = useRef(false);
  useLiveTicker(grid);

  const focused = focusedId !== null && ids.includes(focusedId) ? focusedId : (ids[0] ?? null);
  useEffect(() => {
    if (!focusNext.current || !focused) return;
    focusNext.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-room-id="${CSS.escape(focused)}"]`)?.focus();
  }, [focused]);

  // Read through a ref, so the callback (a prop of every tile) stays the same when the order changes.
  const idsRef = useRef(ids);
  idsRef.current = ids;
  const onKey = useCallback(
    (e: KeyboardEvent<HTMLElement>, roomId: string) => {
      const ids = idsRef.current;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onOpen(roomId);
        return;
      }
      if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) return;
      e.preventDefault();
      // Read the layout only on a key press: how many columns the grid has now.
      const cols = grid.current
        ? getComputedStyle(grid.current).gridTemplateColumns.split(' ').filter(Boolean).length
        : 1;
      const next = ids[moveFocus(ids.indexOf(roomId), e.key, ids.length, cols)];
      if (next) {
        focusNext.current = true;
        setFocusedId(next);
        if (next === roomId) focusNext.current = false;
      }
    },
    [onOpen],
  );

  return (
    <section className="board" aria-labelledby="board-heading">
      <div className="board-toolbar">
        <h2 id="board-heading">{t('board.heading')}</h2>
        <span className="muted" data-testid="board-count">
          {status === 'ready' ? t('board.count', { count: total }) : ''}
        </span>
        <label>
          {t('board.sortBy')}{' '}
          <select
            data-testid="board-sort"
            value={sort.key}
            onChange={(e) => set({ sort: { ...sort, key: e.target.value as SortKey } })}
          >
            {SORT_KEYS.map((k) => (
              <option key={k} value={k}>
                {t(`board.sort.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="board-sort-dir"
          aria-pressed={sort.desc}
          onClick={() => set({ sort: { ...sort, desc: !sort.desc } })}
        >
          {sort.desc ? t('board.descending') : t('board.ascending')}
        </button>
        <label>
          <input
            type="checkbox"
            data-testid="board-alerts-only"
            checked={alertsOnly}
            onChange={(e) => set({ alertsOnly: e.target.checked })}
          />{' '}
          {t('board.alertsOnly')}
        </label>
        {currency && <span className="muted">{t('board.currencyNote', { currency })}</span>}
      </div>
      {status === 'loading' && <p className="muted">{t('board.loading')}</p>}
      {status === 'error' && error && <ProblemNote problem={error} testId="board-error" />}
      {status === 'ready' && ids.length === 0 && (
        <p className="muted" data-testid="board-empty">
          {alertsOnly && total > 0 ? t('board.emptyFiltered') : t('board.empty')}
        </p>
      )}
      <div className="board-grid" ref={grid} data-testid="board-grid" role="list">
        {ids.map((id) => (
          <div role="listitem" key={id} className="tile-slot">
            <BoardTile roomId={id} focused={id === focused} onOpen={onOpen} onKey={onKey} />
          </div>
        ))}
      </div>
      <BoardProbe tiles={ids.length} />
    </section>
  );
}
