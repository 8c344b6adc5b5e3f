// The studio workspace's arrangement as the host left it: which arrangement is in use ("standard" or the
// focused "live" one), the pane sizes the host dragged per arrangement and split group, and the areas it
// collapsed. Kept by the host's settings (StudioSettings.workspace) through `persistence`; what was stored is
// validated again here, and anything unusable falls back to the defaults. Which tab an area shows lasts for
// the window's session only. Sizes are saved a moment after a resize ends, so a drag writes once.
import {
  DEFAULT_WORKSPACE_LAYOUT,
  WorkspaceLayoutSchema,
  type WorkspaceArrangement,
  type WorkspaceLayout,
} from '../../../core/protocol/studio-settings';

export interface WorkspaceLayoutPersistence {
  /** What was saved before (anything: it is checked), or null when nothing was. */
  load(): unknown;
  save(layout: WorkspaceLayout): void;
}

export interface WorkspaceLayoutOptions {
  /** The areas that may be collapsed; other ids in the stored list are dropped. */
  collapsible: readonly string[];
  /** How long after the last change the layout is saved (ms). */
  saveDelayMs?: number;
  /** Timers (tests pass fake ones). */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** A split's sizes add up to 100 percent (within rounding); anything else is not a layout. */
const SUM_TOLERANCE = 1;
const isSplit = (sizes: readonly number[]) =>
  sizes.length >= 2 && Math.abs(sizes.reduce((a, b) => a + b, 0) - 100) <= SUM_TOLERANCE;

/** The stored layout if it is one, cleaned of what this workspace does not know; otherwise the defaults. */
export function readWorkspaceLayout(raw: unknown, collapsible: readonly string[]): WorkspaceLayout {
  const parsed = WorkspaceLayoutSchema.safeParse(raw);
  if (!parsed.success) return DEFAULT_WORKSPACE_LAYOUT;
  const sizes = Object.fromEntries(Object.entries(parsed.data.sizes).filter(([, split]) => isSplit(split)));
  const collapsed = [...new Set(parsed.data.collapsed.filter((id) => collapsible.includes(id)))];
  return { arrangement: parsed.data.arrangement, sizes, collapsed };
}

/** The key a split's sizes are kept under: one per arrangement, so "live" has its own. */
export const sizesKey = (arrangement: WorkspaceArrangement, group: string) => `${arrangement}/${group}`;

export class WorkspaceLayoutStore {
  private layout: WorkspaceLayout;
  private tabs: ReadonlyMap<string, string> = new Map();
  private readonly listeners = new Set<() => void>();
  private timer: unknown = null;
  private readonly saveDelayMs: number;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(
    private readonly persistence: WorkspaceLayoutPersistence,
    private readonly options: WorkspaceLayoutOptions,
  ) {
    this.layout = readWorkspaceLayout(persistence.load(), options.collapsible);
    this.saveDelayMs = options.saveDelayMs ?? 300;
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  get arrangement(): WorkspaceArrangement {
    return this.layout.arrangement;
  }

  setArrangement(arrangement: WorkspaceArrangement): void {
    if (arrangement === this.layout.arrangement) return;
    this.change({ ...this.layout, arrangement });
  }

  toggleArrangement(): void {
    this.setArrangement(this.layout.arrangement === 'live' ? 'standard' : 'live');
  }

  /** The sizes the host gave a split in the current arrangement, or null (the split's defaults apply). */
  sizes(group: string, panes: number): readonly number[] | null {
    const saved = this.layout.sizes[sizesKey(this.layout.arrangement, group)];
    return saved && saved.length === panes ? saved : null;
  }

  /** A resize ended: keeps the split's sizes (percent per pane, in pane order) for this arrangement. */
  setSizes(group: string, sizes: readonly number[]): void {
    const rounded = sizes.map((s) => Math.round(Math.min(100, Math.max(0, s)) * 100) / 100);
    if (!isSplit(rounded)) return;
    const key = sizesKey(this.layout.arrangement, group);
    if (JSON.stringify(this.layout.sizes[key]) === JSON.stringify(rounded)) return;
    this.change({ ...this.layout, sizes: { ...this.layout.sizes, [key]: rounded } });
  }

  isCollapsed(area: string): boolean {
    return this.layout.collapsed.includes(area);
  }

  setCollapsed(area: string, collapsed: boolean): void {
    if (!this.options.collapsible.includes(area) || this.isCollapsed(area) === collapsed) return;
    const next = collapsed
      ? [...this.layout.collapsed, area]
      : this.layout.collapsed.filter((id) => id !== area);
    this.change({ ...this.layout, collapsed: next });
  }

  toggleCollapsed(area: string): void {
    this.setCollapsed(area, !this.isCollapsed(area));
  }

  /** The panel an area with tabs shows (session only), or null for its first. */
  activeTab(area: string): string | null {
    return this.tabs.get(area) ?? null;
  }

  setActiveTab(area: string, panel: string): void {
    if (this.tabs.get(area) === panel) return;
    this.tabs = new Map(this.tabs).set(area, panel);
    this.notify();
  }

  /** The layout now (a new object after every change, for useSyncExternalStore). */
  readonly snapshot = (): WorkspaceLayout => this.layout;

  /** Changes to the layout or the tabs. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Saves a change still waiting for its moment; safe to call twice. */
  flush(): void {
    if (this.timer === null) return;
    this.clearTimer(this.timer);
    this.timer = null;
    this.persistence.save(this.layout);
  }

  close(): void {
    this.flush();
    this.listeners.clear();
  }

  private change(next: WorkspaceLayout): void {
    this.layout = next;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.persistence.save(this.layout);
    }, this.saveDelayMs);
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
