import { existsSync } from 'node:fs';
import { buildRenderer } from '../../scripts/lib/build';
import { CHROMIUM_PATH } from '../support/chromium';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
  }
  // Built once here so no test pays for it inside its timeout.
  await buildRenderer({ quiet: true });
}
