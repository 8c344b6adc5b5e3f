// A viewer's own comments as it typed them. The backend masks personal data in every viewer comment
// before anyone sees it (a phone number becomes •••••••••••), the author's page included; this page knows
// what it sent, so its own comments (by its handle, and only where masking what it typed gives exactly what
// came back) are shown and flown as typed. Nothing unmasked leaves this page.
import { maskPersonalData } from '../../core/privacy/personal-data';
import type { CommentWire } from '../../core/protocol/room-events';

const KEPT = 30;

export class OwnComments {
  private handle: string | null = null;
  private readonly texts: string[] = [];

  setHandle(handle: string | null): void {
    this.handle = handle;
  }

  /** This page sent `text` (kept only when the backend will mask it: otherwise it comes back as is). */
  sent(text: string): void {
    if (maskPersonalData(text).text === text) return;
    this.texts.push(text);
    if (this.texts.length > KEPT) this.texts.shift();
  }

  /** `items` with this viewer's own masked comments as it typed them. */
  restore(items: readonly CommentWire[]): CommentWire[] {
    if (this.texts.length === 0 || this.handle === null) return [...items];
    return items.map((c) => {
      if (c.a !== this.handle || c.k !== 'v') return c;
      const typed = this.texts.find((t) => maskPersonalData(t).text === c.text);
      return typed === undefined ? c : { ...c, text: typed };
    });
  }
}

/** The viewer page's own comments (one room per page). */
export const ownComments = new OwnComments();
