// Subscribes to one of the host's pushed events (studioEvents in core/protocol/studio-api.ts) and checks
// every payload against the event's schema before the listener sees it: the preload cannot (it carries no
// zod) and what crosses a process boundary is never trusted. A payload that fails is reported, not used.
import type { z } from 'zod';
import { studioEvents, type EventPayload, type StudioEvent } from '../../core/protocol/studio-api';
import type { ProtocolError } from '../../core/protocol/result';
import type { StudioApi, Unsubscribe } from '../../core/protocol/studio-client';

type Subscriber<E extends StudioEvent> = (
  studio: StudioApi,
  listener: (payload: EventPayload<E>) => void,
) => Unsubscribe;

/** The contract's one subscribe method for each event. */
const SUBSCRIBE: { [E in StudioEvent]: Subscriber<E> } = {
  'backend.status': (studio, listener) => studio.backend.onStatus(listener),
  'outbox.status': (studio, listener) => studio.outbox.onStatus(listener),
  'captions.status': (studio, listener) => studio.captions.onStatus(listener),
  'models.status': (studio, listener) => studio.models.onStatus(listener),
  'updates.status': (studio, listener) => studio.updates.onStatus(listener),
};

export function subscribeStudioEvent<E extends StudioEvent>(
  studio: StudioApi,
  event: E,
  listener: (payload: EventPayload<E>) => void,
  onInvalid: (error: ProtocolError) => void,
): Unsubscribe {
  const schema = studioEvents[event] as unknown as z.ZodType<EventPayload<E>>;
  const subscribe = SUBSCRIBE[event] as Subscriber<E>;
  return subscribe(studio, (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) listener(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      onInvalid({
        code: 'invalid_argument',
        message: `${event} from the studio host: ${issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'malformed'}`,
      });
    }
  });
}
