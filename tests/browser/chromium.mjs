// Launches Debian's Chromium through playwright-core. Both come from
// scripts/install-deps.sh test; a missing one fails the test (never a skip), so
// a machine without them cannot pass the browser tests unnoticed.
import { existsSync } from 'node:fs';

export const chromiumPath = '/usr/bin/chromium';

// Flags that keep Chromium off the network beyond loopback: on a closed network
// its background services otherwise retry connections all the time.
const flags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const installHint = 'run scripts/install-deps.sh test';

export async function launchChromium() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    throw new Error(`playwright-core is not installed in tests/browser/node_modules (${error.code ?? error.message}); ${installHint}`);
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing; ${installHint}`);
  }
  // launch() gives every browser a new, empty user data directory of its own.
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: flags });
}
