// Launches the system Chromium (installed by install-chromium.sh from apt) with
// playwright-core. Never downloads a browser.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.PEEKER_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export function chromiumAvailable() {
  return existsSync(CHROMIUM);
}

export async function launchChromium() {
  if (!chromiumAvailable()) {
    throw new Error(`${CHROMIUM} not found: run bash bindings/node/install-chromium.sh`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}
