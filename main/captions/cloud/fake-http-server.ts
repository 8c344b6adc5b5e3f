// Test support for the cloud engines: a real HTTP server on 127.0.0.1 that records what arrives, and strict
// readers for the multipart and WAV formats, so the tests check bytes on the wire rather than our own
// objects. Not imported by production code.
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Answers one request; leaving `res` unanswered makes the server hang on it. */
export type Reply = (req: ReceivedRequest, res: ServerResponse, index: number) => void;

export interface FakeServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  requests: ReceivedRequest[];
  /** Requests whose client went away before an answer was sent. */
  readonly disconnects: number;
  close(): Promise<void>;
}

export async function startFakeServer(reply: Reply): Promise<FakeServer> {
  const requests: ReceivedRequest[] = [];
  let disconnects = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const index = requests.push(received) - 1;
      res.on('close', () => {
        if (!res.writableFinished) disconnects++;
      });
      reply(received, res, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get disconnects() {
      return disconnects;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(text);
}

/** A chat.completion object as OpenAI returns it (non-streaming). */
export function chatCompletion(content: string | null): unknown {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 80, completion_tokens: 20, total_tokens: 100 },
  };
}

export function jsonBody(req: ReceivedRequest): unknown {
  return JSON.parse(req.body.toString('utf8')) as unknown;
}

export interface MultipartPart {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/** A strict multipart/form-data reader (RFC 7578): throws on anything a real server would reject. */
export function parseMultipart(body: Buffer, contentTypeHeader: string | undefined): MultipartPart[] {
  const match = /^multipart\/form-data;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentTypeHeader ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new Error(`not multipart/form-data with a boundary: ${contentTypeHeader}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const between = Buffer.from(`\r\n--${boundary}`);
  if (!body.subarray(0, delimiter.length).equals(delimiter))
    throw new Error('body does not open with the boundary');

  const parts: MultipartPart[] = [];
  let pos = delimiter.length;
  for (;;) {
    const after = body.subarray(pos, pos + 2).toString('latin1');
    if (after === '--') break;
    if (after !== '\r\n') throw new Error('boundary not followed by CRLF');
    pos += 2;
    const next = body.indexOf(between, pos);
    if (next === -1) throw new Error('part is not closed by a boundary');
    const part = body.subarray(pos, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw new Error('part has no header block');
    const headers = new Map<string, string>();
    for (const line of part.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) throw new Error(`bad part header: ${line}`);
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^form-data\s*;/i.test(disposition)) throw new Error(`bad content-disposition: ${disposition}`);
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw new Error('part has no name');
    parts.push({
      name,
      filename: /;\s*filename="([^"]*)"/i.exec(disposition)?.[1],
      contentType: headers.get('content-type'),
      data: part.subarray(headerEnd + 4),
    });
    pos = next + between.length;
  }
  return parts;
}

export interface WavInfo {
  format: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  samples: Int16Array;
}

/** Reads a canonical 16-bit PCM WAV, checking that the RIFF and data sizes agree with the bytes. */
export function readWav(data: Buffer): WavInfo {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tag = (offset: number) => data.subarray(offset, offset + 4).toString('latin1');
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  if (view.getUint32(4, true) !== data.length - 8) throw new Error('RIFF size does not match the file');
  if (tag(12) !== 'fmt ' || view.getUint32(16, true) !== 16) throw new Error('no plain fmt chunk');
  if (tag(36) !== 'data') throw new Error('no data chunk after fmt');
  const dataBytes = view.getUint32(40, true);
  if (dataBytes !== data.length - 44) throw new Error('data size does not match the file');
  const samples = new Int16Array(dataBytes / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(44 + i * 2, true);
  return {
    format: view.getUint16(20, true),
    channels: view.getUint16(22, true),
    sampleRate: view.getUint32(24, true),
    byteRate: view.getUint32(28, true),
    blockAlign: view.getUint16(32, true),
    bitsPerSample: view.getUint16(34, true),
    samples,
  };
}

export function tone(samples: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(samples);
  for (let i = 0; i < samples; i++) out[i] = amplitude * Math.sin((2 * Math.PI * 440 * i) / 16_000);
  return out;
}

export async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
