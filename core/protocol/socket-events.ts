// socket.io events between the backend (server/) and its clients (the studio host, ops dashboards, viewers).
// Typed once here; every payload is validated again at runtime by the receiver with the schemas below.
import { z } from 'zod';
import { LanguageTagSchema } from './languages';
import type { Result } from './result';

export const ROLES = ['host', 'ops', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const HandshakeAuthSchema = z.object({
  role: RoleSchema,
  clientName: z.string().max(64).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

export const RoomSchema = z.object({
  id: z.string(),
  title: z.string(),
  hostLanguage: z.string(),
  status: z.enum(['created', 'live', 'ended']),
  createdAt: z.number(),
});
export type Room = z.infer<typeof RoomSchema>;

export const CreateRoomInputSchema = z.object({
  title: z.string().trim().min(1).max(120),
  hostLanguage: LanguageTagSchema,
});
export type CreateRoomInput = z.infer<typeof CreateRoomInputSchema>;

export const JoinRoomInputSchema = z.object({ roomId: z.string().min(1).max(64) });
export type JoinRoomInput = z.infer<typeof JoinRoomInputSchema>;

export const PingResultSchema = z.object({ serverTime: z.number() });
export type PingResult = z.infer<typeof PingResultSchema>;

export type Ack<T> = (result: Result<T>) => void;

export interface ClientToServerEvents {
  'server:ping': (input: Record<string, never>, ack: Ack<PingResult>) => void;
  'room:create': (input: CreateRoomInput, ack: Ack<Room>) => void;
  'room:join': (input: JoinRoomInput, ack: Ack<Room>) => void;
}

export interface ServerToClientEvents {
  'room:state': (room: Room) => void;
  'server:error': (error: { event: string; code: string; message: string }) => void;
}

/** Runtime schemas for every client event, keyed like ClientToServerEvents. */
export const clientEventSchemas = {
  'server:ping': z.object({}).strict(),
  'room:create': CreateRoomInputSchema,
  'room:join': JoinRoomInputSchema,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType>;
