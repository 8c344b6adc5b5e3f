// A local update feed for electron-updater's generic provider: serves latest-linux.yml and the installer
// it names from node:http, the way the published release/ folder is served.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dump } from 'js-yaml';

export interface UpdateFeed {
  url: string;
  /** Publishes `version` with this installer; `claimedSha512` lies about its checksum. */
  publish(version: string, installer: Buffer, options?: { claimedSha512?: string }): void;
  requests: string[];
  close(): Promise<void>;
}

export const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

export async function startUpdateFeed(): Promise<UpdateFeed> {
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://feed').pathname.slice(1);
    requests.push(name);
    const body = files.get(name);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    publish(version, installer, options = {}) {
      const file = `livebridge-studio_${version}_amd64.deb`;
      const checksum = options.claimedSha512 ?? sha512(installer);
      files.set(file, installer);
      files.set(
        'latest-linux.yml',
        Buffer.from(
          dump({
            version,
            files: [{ url: file, sha512: checksum, size: installer.length }],
            path: file,
            sha512: checksum,
            releaseDate: '2026-12-07T00:00:00.000Z',
          }),
        ),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
