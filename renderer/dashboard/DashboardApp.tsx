// The /dashboard page: the ops token (from the link, then this tab's storage), the DashboardService, the
// connection banner, the board or one room (#room=<id>, so Back and a reload keep it), and the keys:
// arrows across tiles, Enter opens, Escape goes back, A filters alerts, S sorts, ? shows the shortcuts.
import { useCallback, useEffect, useState } from 'react';
import { SORT_KEYS } from './board-model';
import { Board } from './Board';
import { DashboardService } from './dashboard-service';
import { useDashboardStore } from './dashboard-store';
import type { Shortcut } from '../shared/HelpOverlay';
import { TokenPage } from '../shared/TokenPage';
import { BackendClient } from '../shared/backend-client';
import { forgetOpsToken, takeOpsToken } from './ops-token';
import { RoomView } from './RoomView';
import { ServiceContext } from './service-context';

const SHORTCUTS: readonly Shortcut[] = [
  ['← ↑ → ↓', 'arrows'],
  ['Enter', 'enter'],
  ['Esc', 'escape'],
  ['A', 'alerts'],
  ['S', 'sort'],
  ['?', 'help'],
  ['Alt+L', 'language'],
];

const roomFromHash = () => new URLSearchParams(location.hash.slice(1)).get('room');

export function DashboardApp() {
  const [token] = useState(takeOpsToken);
  const [service, setService] = useState<DashboardService | null>(null);
  const [roomId, setRoomId] = useState<string | null>(roomFromHash);
  const connection = useDashboardStore((s) => s.connection);
  const helpOpen = useDashboardStore((s) => s.helpOpen);

  useEffect(() => {
    if (!token) return;
    const client = new BackendClient({ serverUrl: location.origin, token, clientName: 'ops-dashboard' });
    const svc = new DashboardService(client, token);
    const offRefused = client.onStatus((s) => {
      if (s === 'refused') forgetOpsToken(sessionStorage);
    });
    svc.start();
    setService(svc);
    return () => {
      offRefused();
      svc.close();
    };
  }, [token]);

  useEffect(() => {
    const onHash = () => setRoomId(roomFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!service) return;
    if (roomId) service.openRoom(roomId);
    else service.closeRoom();
  }, [service, roomId]);

  const open = useCallback((id: string) => {
    location.hash = `room=${encodeURIComponent(id)}`;
  }, []);
  const back = useCallback(() => {
    history.pushState(history.state, '', location.pathname + location.search);
    setRoomId(null);
    // Back on the board: focus the room's tile again.
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('[data-testid="board-tile"][tabindex="0"]')?.focus(),
    );
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const typing = (e.target as HTMLElement | null)?.closest('input, textarea, select');
      const s = useDashboardStore.getState();
      if (e.key === 'Escape') {
        if (s.helpOpen) s.set({ helpOpen: false });
        else if (roomId && !typing) back();
        return;
      }
      if (typing) return;
      if (e.key === '?') s.set({ helpOpen: !s.helpOpen });
      else if (!roomId && (e.key === 'a' || e.key === 'A')) s.set({ alertsOnly: !s.alertsOnly });
      else if (!roomId && (e.key === 's' || e.key === 'S')) {
        const i = SORT_KEYS.indexOf(s.sort.key);
        s.set({ sort: { ...s.sort, key: SORT_KEYS[(i + 1) % SORT_KEYS.length]! } });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [roomId, back]);

  return (
    <TokenPage
      ns="dashboard"
      token={token}
      connection={connection}
      shortcuts={SHORTCUTS}
      helpOpen={helpOpen}
      setHelpOpen={(open) => useDashboardStore.getState().set({ helpOpen: open })}
    >
      {service && (
        <ServiceContext.Provider value={service}>
          {roomId ? <RoomView roomId={roomId} onBack={back} /> : <Board onOpen={open} />}
        </ServiceContext.Provider>
      )}
    </TokenPage>
  );
}
