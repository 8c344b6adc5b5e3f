// The /replay page: the page token (from the link, then this tab's storage), the ReplayService, the list of
// past streams or one stream (`?room=<id>`, so a link can be shared and Back returns to the list), the
// keys (space, arrows, J/L, /, ?, Esc) and the test hook.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BackendClient } from '../shared/backend-client';
import type { Shortcut } from '../shared/HelpOverlay';
import { forgetPageToken, sessionStore, takePageToken } from '../shared/page-token';
import { TokenPage } from '../shared/TokenPage';
import { ReplayContext, type ReplayServices } from './replay-context';
import { ReplayDanmakuFeed } from './replay-danmaku';
import { ReplayList } from './ReplayList';
import { ReplayService } from './replay-service';
import { useReplayStore } from './replay-store';
import { StreamView } from './StreamView';
import { exposeReplayHook } from './test-hook';

export const REPLAY_TOKEN_KEY = 'livebridge.replayToken';

const SHORTCUTS: readonly Shortcut[] = [
  ['Space', 'playPause'],
  ['← →', 'skip5'],
  ['J L', 'skip10'],
  ['/', 'search'],
  ['D', 'danmaku'],
  ['Esc', 'escape'],
  ['?', 'help'],
  ['Alt+L', 'language'],
];

/** Arrows: 5 s; J and L: 10 s. */
const SKIPS: Record<string, number> = { ArrowLeft: -5000, ArrowRight: 5000, j: -10_000, l: 10_000 };

const roomFromUrl = () => new URLSearchParams(location.search).get('room');

export function ReplayApp() {
  const { i18n } = useTranslation();
  const [token] = useState(() => takePageToken(REPLAY_TOKEN_KEY));
  const [services, setServices] = useState<ReplayServices | null>(null);
  const [roomId, setRoomId] = useState<string | null>(roomFromUrl);
  const connection = useReplayStore((s) => s.connection);
  const helpOpen = useReplayStore((s) => s.helpOpen);

  useEffect(() => {
    if (!token) return;
    const client = new BackendClient({ serverUrl: location.origin, token, clientName: 'replay' });
    const service = new ReplayService(client, () => i18n.language);
    const danmaku = new ReplayDanmakuFeed(
      service.comments,
      () => service.player.currentMs(),
      (l) => service.player.onSeek(l),
    );
    const offRefused = client.onStatus((s) => {
      if (s === 'refused') forgetPageToken(sessionStore(), REPLAY_TOKEN_KEY);
    });
    service.start();
    const offHook = exposeReplayHook(service, useReplayStore, danmaku);
    setServices({ service, danmaku });
    return () => {
      offRefused();
      offHook();
      service.close();
    };
  }, [token, i18n]);

  useEffect(() => {
    const onPop = () => setRoomId(roomFromUrl());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    services?.service.open(roomId);
  }, [services, roomId]);

  const navigate = useCallback((id: string | null) => {
    const url = new URL(location.href);
    if (id) url.searchParams.set('room', id);
    else url.searchParams.delete('room');
    history.pushState(history.state, '', url.pathname + url.search + url.hash);
    setRoomId(id);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const typing = (e.target as HTMLElement | null)?.closest('input, textarea, select');
      const s = useReplayStore.getState();
      if (e.key === 'Escape') {
        if (s.helpOpen) s.set({ helpOpen: false });
        else if (typing) (e.target as HTMLElement).blur();
        return;
      }
      if (typing) return;
      if (e.key === '?') {
        s.set({ helpOpen: !s.helpOpen });
        return;
      }
      const player = services?.service.player;
      if (!roomId || !player) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const skip = SKIPS[key];
      if (key === ' ') {
        // A focused button would also click on space: the key is the player's.
        e.preventDefault();
        player.toggle();
      } else if (skip !== undefined) {
        e.preventDefault();
        void player.skip(skip);
      } else if (e.key === '/') {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('[data-testid="search-input"]')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [roomId, services]);

  return (
    <TokenPage
      ns="replay"
      token={token}
      connection={connection}
      shortcuts={SHORTCUTS}
      helpOpen={helpOpen}
      setHelpOpen={(open) => useReplayStore.getState().set({ helpOpen: open })}
    >
      {services && (
        <ReplayContext.Provider value={services}>
          {roomId ? (
            <StreamView roomId={roomId} onBack={() => navigate(null)} />
          ) : (
            <ReplayList onOpen={navigate} />
          )}
        </ReplayContext.Provider>
      )}
    </TokenPage>
  );
}
