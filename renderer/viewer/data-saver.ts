// Data saver: a viewer link with `video=0` receives the stream's sound only, so no video is downloaded or
// decoded (a phone on a metered connection, a weak device). The page says so and links to the video again.
import type { MediaKind } from '../media/room-media';

const ALL: readonly MediaKind[] = ['audio', 'video'];
const SOUND_ONLY: readonly MediaKind[] = ['audio'];

/** Whether the page's query asks for data saver (`video=0` or `video=off`). */
export function isDataSaver(search: string): boolean {
  const video = new URLSearchParams(search).get('video');
  return video === '0' || video === 'off';
}

/** The kinds of media the page receives. */
export const receivedMedia = (search: string): readonly MediaKind[] =>
  isDataSaver(search) ? SOUND_ONLY : ALL;

/** The same page with data saver on or off; everything else in the link (room, token) is kept. */
export function withDataSaver(href: string, on: boolean): string {
  const url = new URL(href);
  if (on) url.searchParams.set('video', '0');
  else url.searchParams.delete('video');
  return url.toString();
}
