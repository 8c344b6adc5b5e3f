// Browser mode's adapter for window.studio: the same StudioApi as electron/preload.ts, carried over the
// host's local WebSocket. Every call resolves to a Result; a lost host becomes an `unavailable` error. The
// host's pushed events arrive on the same socket and go to their subscribers (validated by them: see
// studio-events.ts); while anyone is subscribed a lost socket is opened again.
import {
  BRIDGE_CLOSE_UNAUTHORIZED,
  BRIDGE_PATH,
  BridgeHostFrameSchema,
  type BridgeClientFrame,
} from '../../core/protocol/bridge-wire';
import { fail, type Result } from '../../core/protocol/result';
import { isStudioEvent, type StudioEvent } from '../../core/protocol/studio-api';
import {
  createStudioApi,
  type StudioApi,
  type StudioInvoke,
  type StudioSubscribe,
} from '../../core/protocol/studio-client';

interface Pending {
  resolve(result: Result<unknown>): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface BrowserBridgeOptions {
  /** ws://127.0.0.1:PORT/bridge; defaults to this page's host. */
  url?: string;
  token: string;
  timeoutMs?: number;
  /** How long to wait before opening a lost socket again while events are subscribed to. */
  reconnectMs?: number;
}

export function createBrowserBridge({
  url,
  token,
  timeoutMs = 15_000,
  reconnectMs = 1000,
}: BrowserBridgeOptions): StudioApi {
  const target = url ?? `ws://${location.host}${BRIDGE_PATH}`;
  const pending = new Map<number, Pending>();
  const subscribers = new Map<StudioEvent, Set<(payload: unknown) => void>>();
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectDelay = reconnectMs;
  let nextId = 1;
  let ready: Promise<WebSocket> | null = null;
  let lastCloseCode = 0;

  function settleAll(result: Result<never>) {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve(result);
      pending.delete(id);
    }
  }

  function connect(): Promise<WebSocket> {
    ready ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(target);
      ws.onopen = () => ws.send(JSON.stringify({ t: 'hello', token } satisfies BridgeClientFrame));
      ws.onmessage = (event) => {
        let frame;
        try {
          frame = BridgeHostFrameSchema.parse(JSON.parse(String(event.data)));
        } catch {
          return; // a frame we do not understand is ignored, never shown
        }
        if (frame.t === 'ready') {
          reconnectDelay = reconnectMs;
          resolve(ws);
        } else if (frame.t === 'event') {
          if (!isStudioEvent(frame.event)) return; // an event this page does not know (a newer host)
          for (const listener of [...(subscribers.get(frame.event) ?? [])]) {
            try {
              listener(frame.payload);
            } catch (error) {
              console.error(`studio event ${frame.event}: a subscriber failed`, error);
            }
          }
        } else {
          const p = pending.get(frame.id);
          if (!p) return;
          pending.delete(frame.id);
          clearTimeout(p.timer);
          p.resolve(frame.response as Result<unknown>);
        }
      };
      ws.onclose = (event) => {
        lastCloseCode = event.code;
        ready = null;
        reject(new Error(`closed ${event.code}`));
        settleAll(closedResult());
        reconnectIfSubscribed();
      };
    });
    return ready;
  }

  function hasSubscribers(): boolean {
    for (const set of subscribers.values()) if (set.size > 0) return true;
    return false;
  }

  /** Pushes only come over an open socket: keep one open while anyone listens (not when refused). */
  function reconnectIfSubscribed(): void {
    if (reconnectTimer || !hasSubscribers() || lastCloseCode === BRIDGE_CLOSE_UNAUTHORIZED) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (hasSubscribers()) connect().catch(() => undefined);
    }, reconnectDelay);
    reconnectDelay = Math.min(10_000, reconnectDelay * 2);
  }

  const subscribe: StudioSubscribe = (event, listener) => {
    const set = subscribers.get(event) ?? new Set();
    subscribers.set(event, set);
    // One entry per subscription, so the same function subscribed twice is two subscriptions.
    const entry = (payload: unknown) => (listener as (payload: unknown) => void)(payload);
    set.add(entry);
    connect().catch(() => undefined);
    return () => {
      set.delete(entry);
    };
  };

  function closedResult(): Result<never> {
    return lastCloseCode === BRIDGE_CLOSE_UNAUTHORIZED
      ? fail('unauthenticated', 'The studio host refused this window: its link or secret is wrong')
      : fail('unavailable', 'The studio host is not reachable');
  }

  const invoke: StudioInvoke = async (method, args) => {
    let ws: WebSocket;
    try {
      ws = await connect();
    } catch {
      return closedResult();
    }
    const id = nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(fail('timeout', `The studio host did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as Pending['resolve'], timer });
      ws.send(JSON.stringify({ t: 'invoke', id, method, args: [...args] } satisfies BridgeClientFrame));
    });
  };

  return createStudioApi(invoke, subscribe);
}
