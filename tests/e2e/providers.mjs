// End-to-end: the Clusters page of the release console, with the four cloud demo managers the
// demo server answers under /__demo/<provider>. Screenshot per step.
// usage: node tests/e2e/providers.mjs <base-url> <screenshot-dir>
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
page.setDefaultTimeout(10000);
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

let passed = 0, failed = 0, n = 0;
async function step(name, fn) {
  n += 1;
  const file = `${shots}/providers-${String(n).padStart(2, '0')}-${name}.png`;
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
  }
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
}
const cards = () => page.$$eval('.clusters-card', (all) => all.map((c) => c.textContent));

await fetch(`${base}/__baton/reset`, { method: 'POST', body: '{}' });

await step('sign-in', async () => {
  await page.goto(`${base}/clusters`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/clusters/);
  await page.waitForSelector('h1:has-text("Clusters")');
  // The Conductor manager's own cluster is the first card.
  await page.waitForFunction(() => document.querySelectorAll('.clusters-card').length === 1);
});

await step('connect-four-demos', async () => {
  await page.click('button:has-text("Connect the four demos")');
  await page.waitForFunction(() => document.querySelectorAll('.clusters-connection').length === 4);
  await page.waitForFunction(() => document.querySelectorAll('.clusters-card').length >= 18);
  const all = await cards();
  if (!/Needs attention/.test(all[0])) throw new Error(`first card is not one needing attention: ${all[0]}`);
  for (const p of ['Imply Cloud', 'SailPoint', 'OTC CDM', 'Conductor']) {
    if (!all.some((c) => c.includes(p))) throw new Error(`no ${p} card`);
  }
  const stored = await page.evaluate(() => sessionStorage.getItem('baton.connections'));
  if (/demo-secret|demo-password|demo-client-secret/.test(stored)) throw new Error('a secret was stored');
});

await step('filter-by-provider-and-state', async () => {
  await page.selectOption('select[aria-label=Provider]', 'cdm');
  await page.waitForURL(/provider=cdm/);
  await page.selectOption('select[aria-label=State]', 'attention');
  await page.waitForURL(/state=attention/);
  await page.waitForFunction(() => document.querySelectorAll('.clusters-card').length === 2);
  // The filter survives a reload (it is in the URL; the connections are in the tab).
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('.clusters-card').length === 2);
  const all = await cards();
  if (!all.every((c) => c.includes('OTC CDM'))) throw new Error('a card of another provider is shown');
});

await step('connecting-the-demos-again-adds-nothing', async () => {
  await page.goto(`${base}/clusters`);
  await page.waitForFunction(() => document.querySelectorAll('.clusters-connection').length === 4);
  await page.click('button:has-text("Connect the four demos")');
  await page.waitForTimeout(500);
  const count = await page.$$eval('.clusters-connection', (all) => all.length);
  if (count !== 4) throw new Error(`${count} connections`);
});

await step('rename-a-connection', async () => {
  await page.goto(`${base}/clusters`);
  await page.waitForFunction(() => document.querySelectorAll('.clusters-connection').length === 4);
  await page.click('.clusters-connection:first-child button:has-text("Rename")');
  const long = 'Imply production analytics cluster account in eu-central-1 with a very long name indeed';
  await page.fill('.clusters-rename', long);
  await page.press('.clusters-rename', 'Enter');
  await page.waitForSelector(`.clusters-connection strong:has-text("${long}")`);
});

await step('wrong-secret-shows-the-error', async () => {
  await page.click('.clusters-add summary');
  await page.selectOption('select[aria-label=Kind]', 'sailpoint');
  await page.click('button:has-text("Use the demo address")');
  await page.fill('input[aria-label="Client ID"]', 'demo-client');
  await page.fill('input[aria-label="Client secret"]', 'wrong');
  await page.click('.clusters-add button[type=submit]');
  await page.waitForSelector('.error:has-text("Bad client credentials")');
  if ((await page.inputValue('input[aria-label="Client ID"]')) !== 'demo-client') throw new Error('the client id was lost');
  if ((await page.inputValue('input[aria-label="Client secret"]')) !== '') throw new Error('the secret was kept in the form');
});

await step('sign-out-a-connection', async () => {
  await page.click('.clusters-connection:has-text("OTC CDM") button:has-text("Sign out")');
  await page.waitForFunction(() => document.querySelectorAll('.clusters-connection').length === 3);
  await page.waitForFunction(() => ![...document.querySelectorAll('.clusters-card')].some((c) => c.textContent.includes('OTC CDM')));
});

await browser.close();
const real = consoleErrors.filter((e) => !/status of (401|400)/.test(e));
if (real.length) { failed += 1; console.log(`FAIL console errors: ${real.join(' | ')}`); }
console.log(`e2e providers: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
