import { buildElectron, buildRenderer } from './lib/build';
import { stageBinaries } from './lib/stage-binaries';

await buildRenderer({ force: true });
await buildElectron({ force: true });
// What the desktop package carries beside the app (electron-builder.yml extraResources).
for (const binary of stageBinaries()) {
  process.stderr.write(
    binary.from ? `Packaged ${binary.name}: ${binary.from}\n` : `Not packaged: ${binary.missing}\n`,
  );
}
process.stderr.write('Built dist/renderer, dist/electron and dist/bin\n');
