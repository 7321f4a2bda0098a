/**
 * Headless Chromium for the HTML report's tests and figures: Debian's `chromium` (or CHROMIUM_PATH),
 * driven by playwright-core, launched as `/work/.library/env/machines/node.md` says works on these
 * machines — headless, no sandbox, no GPU, no background networking, so a page can fetch nothing
 * the test did not ask for.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is installed; a browser test is skipped, saying so, where it is not. */
function chromiumPresent(testFile: string): boolean {
  const present = existsSync(CHROMIUM);
  if (!present) console.warn(`${testFile} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return present;
}

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export { chromiumPresent, launchChromium };
