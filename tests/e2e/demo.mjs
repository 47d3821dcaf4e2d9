// Smoke test of the demo build: a static host with no manager behind it, so the console runs
// its built-in demo manager in the page. Reports how long the first list takes to show.
// usage: node tests/e2e/demo.mjs <base-url> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, shots = 'target/e2e'] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
page.setDefaultTimeout(20000);
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
// What the page said, printed if the run fails (a failure once seen on CI left nothing to read).
const logs = [];
page.on('console', (m) => logs.push(`${m.type()}: ${m.text().slice(0, 200)}`));
page.on('requestfailed', (r) => logs.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
page.on('response', (r) => { if (r.status() >= 400) logs.push(`answer ${r.status()}: ${r.url()}`); });
let failed = 0;
try {
  await page.goto(`${base}/`);
  await page.waitForSelector('input[name=username]');
  const choice = await page.evaluate(() => document.querySelector('input[name=target]:checked')?.parentElement.textContent);
  if (!/demo/.test(choice ?? '')) throw new Error(`the demo manager is not the default (${choice})`);
  await page.screenshot({ path: `${shots}/demo-01-login.png` });
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  const t0 = Date.now();
  await page.click('button[type=submit]');
  // The first page after sign-in is the home page: what needs attention. Its time is printed;
  // the wait is long (the demo manager's wasm compiles in a worker beside the home page's
  // part) so that a slow machine shows as a slow figure, and a hang still fails.
  const home = 'section.card.attention .fine, section.card.attention .findings';
  try {
    await page.waitForSelector(home, { timeout: 60000 });
  } catch (e) {
    // Seen on CI in about one run of three: the home page's part never arrives (the shell's
    // loading bar stays) while a rerun of the same build passes. Say so with what the page
    // logged, then reload once (the session is kept): a second hang fails the run.
    console.log(`demo: WARNING the home page did not answer in 60 s; reloading once. What the page said:\n${logs.join('\n')}`);
    await page.screenshot({ path: `${shots}/demo-hung.png` }).catch(() => {});
    await page.reload();
    await page.waitForSelector(home, { timeout: 60000 });
  }
  console.log(`demo: signed in and the home page answered in ${Date.now() - t0} ms`);
  await page.screenshot({ path: `${shots}/demo-02-home.png` });
  await page.click('nav.main-nav a[href="/deployments"]');
  await page.waitForFunction(() => /^1–50 of 480$/.test(document.querySelector('.pager .range')?.textContent ?? ''));
  await page.screenshot({ path: `${shots}/demo-03-deployments.png` });
  if (errors.length) throw new Error(errors.join(' | '));
  console.log('ok   demo build');
} catch (e) {
  failed = 1;
  console.log(`FAIL demo build: ${e.message.split('\n')[0]}`);
  console.log(`at ${page.url()}: ${(await page.evaluate(() => document.body.innerText).catch(() => '')).slice(0, 400)}`);
  console.log(logs.join('\n'));
  await page.screenshot({ path: `${shots}/demo-failed.png` }).catch(() => {});
}
await browser.close();
console.log(`demo: ${1 - failed} passed, ${failed} failed`);
process.exit(failed);
