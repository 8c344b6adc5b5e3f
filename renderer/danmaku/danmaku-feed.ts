// Hands live comments from a page's socket handler (comment:batch) to its danmaku layer, outside React.
import type { DanmakuComment } from '../../core/danmaku/lane-layout';
import type { CommentWire } from '../../core/protocol/room-events';

export interface DanmakuSink {
  push(comments: readonly DanmakuComment[]): void;
  remove(id: string): void;
}

export const toDanmaku = (c: CommentWire): DanmakuComment => ({ id: c.id, text: c.text, host: c.k === 'h' });

/** Comments pushed while no layer is connected are dropped: a flying comment is only worth seeing live. */
export class DanmakuFeed {
  private sink: DanmakuSink | null = null;

  push(items: readonly CommentWire[]): void {
    if (this.sink && items.length > 0) this.sink.push(items.map(toDanmaku));
  }

  /** A comment deleted by moderation leaves the stage too. */
  remove(id: string): void {
    this.sink?.remove(id);
  }

  /** Returns the disposer. */
  connect(sink: DanmakuSink): () => void {
    this.sink = sink;
    return () => {
      if (this.sink === sink) this.sink = null;
    };
  }
}
