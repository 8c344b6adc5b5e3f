// Which studio panels are hidden. A hidden panel is not rendered at all, and nothing stops with it: the
// work belongs to the studio's services and the keys to its keybindings. The hidden set lasts for this
// window's session; `persistence` is where the host's settings store will keep it across launches.

export interface PanelLayoutPersistence {
  /** The hidden panel ids saved before, or null when nothing was saved. */
  load(): readonly string[] | null;
  save(hidden: readonly string[]): void;
}

/** Nothing saved: the layout lasts as long as the window. */
export const SESSION_ONLY: PanelLayoutPersistence = { load: () => null, save: () => undefined };

export class PanelLayout {
  private hidden: ReadonlySet<string>;
  private readonly listeners = new Set<() => void>();

  constructor(
    /** The panels that may be hidden (the preview may not); ids from elsewhere are ignored. */
    private readonly hideable: readonly string[],
    private readonly persistence: PanelLayoutPersistence = SESSION_ONLY,
  ) {
    this.hidden = new Set((persistence.load() ?? []).filter((id) => hideable.includes(id)));
  }

  isHidden(id: string): boolean {
    return this.hidden.has(id);
  }

  /** The hidden ids, a new set after every change (a snapshot for useSyncExternalStore). */
  hiddenPanels(): ReadonlySet<string> {
    return this.hidden;
  }

  setHidden(id: string, hidden: boolean): void {
    if (!this.hideable.includes(id) || this.hidden.has(id) === hidden) return;
    const next = new Set(this.hidden);
    if (hidden) next.add(id);
    else next.delete(id);
    this.hidden = next;
    this.persistence.save([...next]);
    for (const listener of [...this.listeners]) listener();
  }

  toggle(id: string): void {
    this.setHidden(id, !this.hidden.has(id));
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): ReadonlySet<string> => this.hidden;
}
