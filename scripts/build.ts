import { buildElectron, buildRenderer } from './lib/build';

await buildRenderer({ force: true });
await buildElectron({ force: true });
process.stderr.write('Built dist/renderer and dist/electron\n');
