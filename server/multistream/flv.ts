// Reads the FLV byte stream the shared encoder writes (9-byte header, then tags: an 11-byte header, the data
// and a 4-byte back pointer) into whole tags, so each destination can be fed from a tag boundary: the
// stream header and sequence headers first, then from the next video key frame.

export const FLV_AUDIO = 8;
export const FLV_VIDEO = 9;
export const FLV_SCRIPT = 18;

export interface FlvTag {
  type: number;
  /** ms, as the encoder wrote it. */
  timestamp: number;
  /** The whole tag: header, data and back pointer. */
  bytes: Buffer;
  /** A video key frame (AVC NALU, frame type 1). */
  keyframe: boolean;
  /** The AVC decoder configuration or the AAC AudioSpecificConfig (what a decoder needs first). */
  sequenceHeader: boolean;
}

const MAX_TAG_BYTES = 16 * 1024 * 1024;

export class FlvReader {
  private pending: Buffer = Buffer.alloc(0);
  private header: Buffer | null = null;

  constructor(
    private readonly events: {
      header(bytes: Buffer): void;
      tag(tag: FlvTag): void;
      /** The bytes are not FLV (a broken encoder): the reader stops. */
      invalid(reason: string): void;
    },
  ) {}

  private broken = false;

  push(chunk: Buffer): void {
    if (this.broken) return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    if (!this.header) {
      if (this.pending.length < 13) return;
      if (this.pending.toString('latin1', 0, 3) !== 'FLV') return this.fail('no FLV signature');
      const size = this.pending.readUInt32BE(5);
      if (this.pending.length < size + 4) return;
      // The header with the first back pointer (always 0).
      this.header = Buffer.from(this.pending.subarray(0, size + 4));
      this.events.header(this.header);
      at = size + 4;
    }
    while (this.pending.length - at >= 11) {
      const type = this.pending[at]! & 0x1f;
      const dataSize = this.pending.readUIntBE(at + 1, 3);
      if (dataSize > MAX_TAG_BYTES) return this.fail(`a tag of ${dataSize} bytes`);
      const total = 11 + dataSize + 4;
      if (this.pending.length - at < total) break;
      const bytes = Buffer.from(this.pending.subarray(at, at + total));
      at += total;
      const timestamp = (bytes.readUIntBE(4, 3) | (bytes[7]! << 24)) >>> 0;
      const first = bytes[11] ?? 0;
      const second = bytes[12] ?? 1;
      const keyframe = type === FLV_VIDEO && first >> 4 === 1 && (first & 0x0f) === 7 && second === 1;
      const sequenceHeader =
        (type === FLV_VIDEO && (first & 0x0f) === 7 && second === 0) ||
        (type === FLV_AUDIO && first >> 4 === 10 && second === 0);
      this.events.tag({ type, timestamp, bytes, keyframe, sequenceHeader });
    }
    this.pending = at === 0 ? this.pending : Buffer.from(this.pending.subarray(at));
  }

  private fail(reason: string): void {
    this.broken = true;
    this.pending = Buffer.alloc(0);
    this.events.invalid(reason);
  }
}

/** A copy of a tag with another timestamp (each destination's stream starts at 0). */
export function withTimestamp(tag: Buffer, ms: number): Buffer {
  const out = Buffer.from(tag);
  const ts = Math.max(0, Math.round(ms)) >>> 0;
  out.writeUIntBE(ts & 0xffffff, 4, 3);
  out[7] = (ts >>> 24) & 0xff;
  return out;
}
