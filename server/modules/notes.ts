// Private notes from operations staff to a room's host: stored, delivered to the host's connections on any
// gateway node, listed again for a studio that reconnects, and dismissed by the host (ops are told).
import { createHash } from 'node:crypto';
import { StudioError } from '../../core/protocol/result';
import type { OpsNote } from '../../core/protocol/analytics-events';
import { requireOps } from '../alerts/ops-alerts';
import { staffChannel } from '../room/room-context';
import type { ServerModule } from './server-module';

const noteId = (roomId: string, sender: string, clientId: string) =>
  `note-${createHash('sha256').update(`${roomId}\n${sender}\n${clientId}`).digest('hex').slice(0, 32)}`;

export const notesModule: ServerModule = {
  name: 'notes',
  attach({ io, repo }) {
    return {
      onConnection(access) {
        const { socket, on } = access;
        on('ops:note', async ({ roomId, text, clientId }) => {
          const sender = requireOps(access);
          if (!(await repo.rooms.get(roomId))) throw new StudioError('not_found', `No room ${roomId}`);
          const name = socket.handshake.auth?.clientName;
          const from = typeof name === 'string' && name.trim() ? name.trim().slice(0, 64) : sender;
          const draft: OpsNote = { id: noteId(roomId, sender, clientId), roomId, text, from, at: Date.now() };
          const { note, created } = await repo.notes.add(draft);
          // The room's host connections, on whichever node they are (a resend is not delivered twice).
          if (created) io.to(staffChannel(roomId)).emit('ops:note', note);
          return note;
        });
        on('note:list', async ({ roomId }) => {
          access.hosting(roomId);
          return (await repo.notes.ofRoom(roomId, { open: true })).map(({ dismissed: _d, ...note }) => note);
        });
        on('note:dismiss', async ({ roomId, noteId: id }) => {
          access.hosting(roomId);
          const result = await repo.notes.dismiss(roomId, id, Date.now());
          if (result === 'missing') throw new StudioError('not_found', `No note ${id} in room ${roomId}`);
          if (result === 'dismissed') io.to('ops').emit('note:dismissed', { roomId, noteId: id });
          return true as const;
        });
      },
    };
  },
};
