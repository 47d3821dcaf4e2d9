// End-to-end for the lazily loaded areas of the release console: the sign-in page fetches no
// area's part until the operator types (then the part of where they are going), signing in and
// seeing the deployments list fetches no other area's part; opening an area fetches its part (and only then);
// a part that cannot be downloaded shows an error with Retry instead of a blank page.
// usage: node tests/e2e/weight.mjs <base-url> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.argv[2];
const shots = process.argv[3] ?? 'target/e2e';
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
page.setDefaultTimeout(20000);
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));
// Every wasm part the page downloaded, by file name (an aborted download is not one).
const parts = [];
page.on('requestfinished', (r) => { if (/\/split-[0-9a-f]+\/.*\.wasm$/.test(r.url())) parts.push(r.url().split('/').pop()); });

let passed = 0, failed = 0, n = 0;
async function step(name, fn) {
  n += 1;
  const file = `${shots}/weight-${String(n).padStart(2, '0')}-${name}.png`;
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
  await page.screenshot({ path: file, fullPage: false }).catch(() => {});
}
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
const areaPart = (area) => parts.some((p) => p.startsWith(`split_${area}`));

await control('reset');

await step('first-load-has-no-area', async () => {
  await page.goto(`${base}/deployments`);
  await page.waitForURL(/\/login\?next=/);
  await page.waitForSelector('input[name=username]');
  if (parts.length) throw new Error(`the sign-in page fetched parts: ${parts.join(', ')}`);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  // Enter, not a click: a pointer resting where the button was would point at whatever link the
  // next page puts there, and pointing at a link fetches its area ahead (as it should).
  await page.press('input[name=password]', 'Enter');
  await page.waitForURL(/\/deployments$/);
  await page.waitForSelector('.list-body[aria-busy=false]');
  // Signed in: the deployments list's part, and the keyboard's (fetched after the shell's first paint).
  const others = parts.filter((p) => p.startsWith('split_') && !/^split_(deployments|keyboard)\b/.test(p.replace('.wasm', '')));
  if (others.length) throw new Error(`signing in fetched other areas' parts: ${others.join(', ')}`);
  if (!areaPart('deployments')) throw new Error(`the deployments list's part was not fetched: ${parts.join(', ')}`);
});

await step('opening-an-area-fetches-its-part', async () => {
  await page.click('nav.main-nav a[href="/schedules"]');
  await page.waitForURL(/\/schedules$/);
  await page.waitForSelector('main h1');
  if (!areaPart('schedules')) throw new Error(`no schedules part fetched; fetched: ${parts.join(', ')}`);
  if (areaPart('blueprints')) throw new Error('the blueprints part was fetched without opening blueprints');
});

await step('a-part-that-cannot-be-downloaded', async () => {
  // The network drops every part of the blueprints area.
  await page.route(/\/split-[0-9a-f]+\/.*\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.click('nav.main-nav a[href="/blueprints"]');
  await page.waitForSelector('.error:has-text("could not be downloaded")');
  consoleErrors.length = 0; // the failed fetches are logged, as they should be
  await page.unroute(/\/split-[0-9a-f]+\/.*\.wasm$/);
});

await step('retry-after-the-network-is-back', async () => {
  await page.click('.error button:has-text("Retry")');
  await page.waitForURL(/\/blueprints$/);
  await page.waitForSelector('main h1:has-text("Blueprints")');
  if (!areaPart('blueprints')) throw new Error('no blueprints part fetched');
});

await step('console-errors', async () => {
  if (consoleErrors.length) throw new Error(consoleErrors.join(' | '));
});

await browser.close();
console.log(`e2e weight: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
