// One in-memory backend (SQLite, no live video) for a describe block, started before its tests and closed
// after them with every socket the tests opened.
import { afterAll, beforeAll } from 'vitest';
import { startBackend, type Backend } from '../../server/backend';
import { quietLogger } from './quiet-logger';
import type { RoomSocket } from './room-clients';

export function suiteBackend(): { readonly backend: Backend; opened: RoomSocket[] } {
  let backend: Backend | null = null;
  const opened: RoomSocket[] = [];
  beforeAll(async () => {
    backend = await startBackend({ sqliteFile: ':memory:', logger: quietLogger, media: false });
  });
  afterAll(async () => {
    opened.forEach((s) => s.disconnect());
    await backend?.close();
  });
  return {
    get backend(): Backend {
      if (!backend) throw new Error('the suite backend starts in beforeAll');
      return backend;
    },
    opened,
  };
}
