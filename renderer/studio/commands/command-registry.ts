// The studio's commands: each thing the host can do from a button or a key, with an id, an i18n title,
// whether it can run now (and why not, in words) and what it does. Buttons and keybindings both run
// commands by id, so a key works the same whichever panels are on screen. A command refused from the
// keyboard is not dropped: the refusal (its title and reason) is kept for the studio to show, as a
// disabled button shows its reason beside it.

export type CommandState = { enabled: true } | { enabled: false; reason: string };

export const ENABLED: CommandState = { enabled: true };
export const disabled = (reason: string): CommandState => ({ enabled: false, reason });

export interface Command {
  id: string;
  /** i18n key of what the command is called (the shortcut list, the refusal notice). */
  title: string;
  /** Whether it can run now; when not, the reason in the interface language. Enabled when absent. */
  enabled?(): CommandState;
  run(): unknown;
}

/** Where a command was run from: a refused keyboard command is shown; a button is disabled already. */
export type CommandSource = 'keyboard' | 'ui';

export interface CommandRefusal {
  id: string;
  /** i18n key of the command's title. */
  title: string;
  reason: string;
  /** Counts up, so the same refusal twice is shown again. */
  seq: number;
}

export interface CommandRegistryOptions {
  /** Where a command that throws or rejects is reported (nothing is dropped silently). */
  onError?: (id: string, error: unknown) => void;
}

export class CommandRegistry {
  private readonly commands = new Map<string, Command>();
  private readonly listeners = new Set<() => void>();
  private lastRefusal: CommandRefusal | null = null;
  private seq = 0;

  constructor(private readonly options: CommandRegistryOptions = {}) {}

  /** Adds a command; returns the disposer that removes it. Ids are unique. */
  register(command: Command): () => void {
    if (this.commands.has(command.id)) throw new Error(`Command ${command.id} is registered twice`);
    this.commands.set(command.id, command);
    this.changed();
    return () => {
      if (this.commands.get(command.id) !== command) return;
      this.commands.delete(command.id);
      this.changed();
    };
  }

  get(id: string): Command | undefined {
    return this.commands.get(id);
  }

  list(): Command[] {
    return [...this.commands.values()];
  }

  state(id: string): CommandState {
    const command = this.commands.get(id);
    if (!command) return disabled(`Unknown command ${id}`);
    return command.enabled?.() ?? ENABLED;
  }

  /** Why the command cannot run now, or null when it can (a stable value for React to compare). */
  reason(id: string): string | null {
    const state = this.state(id);
    return state.enabled ? null : state.reason;
  }

  /**
   * Runs the command when it is enabled and returns true. Refused from the keyboard, the refusal is kept
   * for the studio to show (refusal()); from the UI the button already said why.
   */
  execute(id: string, source: CommandSource = 'ui'): boolean {
    const command = this.commands.get(id);
    const state = this.state(id);
    if (!command || !state.enabled) {
      if (source === 'keyboard' && command && !state.enabled) {
        this.lastRefusal = { id, title: command.title, reason: state.reason, seq: ++this.seq };
        this.changed();
      }
      return false;
    }
    if (source === 'keyboard') this.lastRefusal = null;
    try {
      const result = command.run();
      if (result instanceof Promise) result.catch((error: unknown) => this.failed(id, error));
    } catch (error) {
      this.failed(id, error);
    }
    this.changed();
    return true;
  }

  /** The last command refused from the keyboard, until dismissed or another key command runs. */
  refusal(): CommandRefusal | null {
    return this.lastRefusal;
  }

  dismissRefusal(seq: number): void {
    if (this.lastRefusal?.seq !== seq) return;
    this.lastRefusal = null;
    this.changed();
  }

  /** For useSyncExternalStore: called when commands, their state or the refusal may have changed. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Re-evaluates every command's state for its subscribers (a store they read from changed). */
  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private failed(id: string, error: unknown): void {
    if (this.options.onError) this.options.onError(id, error);
    else console.error(`command ${id} failed`, error);
  }
}
