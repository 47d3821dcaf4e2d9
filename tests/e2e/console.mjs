// End-to-end: the release console served with the demo manager on one origin (the shape of
// hosting behind a real manager), driven in Debian's Chromium. Saves a screenshot per step.
// usage: node tests/e2e/console.mjs <base-url> <screenshot-dir>
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
  const file = `${shots}/${String(n).padStart(2, '0')}-${name}.png`;
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
const expectText = async (selector, re, timeout = 10000) => {
  await page.waitForFunction(([s, src]) => {
    const el = document.querySelector(s);
    return el && new RegExp(src).test(el.textContent);
  }, [selector, re.source], { timeout });
};
// The list has answered for the state in the URL.
const settled = () => page.waitForSelector('.list-body[aria-busy=false]');
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });

await control('reset');

await step('login-page', async () => {
  await page.goto(`${base}/deployments?size=20`);
  await page.waitForURL(/\/login\?next=/);
  // Served behind a manager, the console picks that manager by itself.
  await page.waitForFunction(() => {
    const checked = document.querySelector('input[name=target]:checked');
    return checked && /This server's manager/.test(checked.parentElement.textContent);
  });
  // The production console does not probe the manager: nothing is logged on a visit.
  await page.waitForTimeout(300);
  if (consoleErrors.length) throw new Error(`the sign-in page logged: ${consoleErrors.join(' | ')}`);
});

await step('wrong-password', async () => {
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'not-the-password');
  await page.click('button[type=submit]');
  await expectText('.error', /unauthorized_error/);
  if ((await page.inputValue('input[name=username]')) !== 'admin') throw new Error('the username was lost');
});

await step('sign-in', async () => {
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  // Back to where the operator was going, with its list state.
  await page.waitForURL(/\/deployments\?size=20$/);
  await page.waitForSelector('table.list tbody tr');
  const rows = await page.locator('table.list tbody tr').count();
  if (rows !== 20) throw new Error(`expected 20 rows, got ${rows}`);
  await expectText('.pager .range', /^1–20 of 480$/);
});

await step('switch-tenant', async () => {
  await page.selectOption('header select[aria-label=Tenant]', 'payments');
  await expectText('.pager .range', /of 90$/);
});

await step('page-through', async () => {
  await page.selectOption('header select[aria-label=Tenant]', 'default_tenant');
  await expectText('.pager .range', /of 480$/);
  await page.locator('.pager').first().locator('text=Next ›').click();
  await page.waitForURL(/page=2/);
  await expectText('.pager .range', /^21–40 of 480$/);
  await page.locator('.pager').first().locator('text=Next ›').click();
  await expectText('.pager .range', /^41–60 of 480$/);
});

await step('sort-by-name', async () => {
  await page.click('th button:has-text("Name")');
  await page.waitForURL(/sort=display_name/);
  await expectText('th[aria-sort=ascending]', /Name/);
  await settled();
  const names = await page.locator('table.list tbody tr td:first-child a').allTextContents();
  const sorted = [...names].sort();
  if (JSON.stringify(names) !== JSON.stringify(sorted)) throw new Error('rows are not sorted by name');
});

await step('open-deployment', async () => {
  const first = page.locator('table.list tbody tr td:first-child a').first();
  const name = await first.textContent();
  await first.click();
  await page.waitForURL(/\/deployments\/[^?]+$/);
  await expectText('h1.title', new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.waitForSelector('text=Outputs');
});

await step('very-long-name', async () => {
  await page.goto(`${base}/deployments?q=checkout`);
  await page.waitForSelector('table.list tbody tr');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 1366) throw new Error(`the page scrolls sideways (${width}px)`);
});

await step('empty-search', async () => {
  await page.fill('input.search', 'no-such-deployment-anywhere');
  await page.keyboard.press('Enter');
  await expectText('.empty', /No deployments match/);
});

await step('server-error', async () => {
  await control('fault', { path_prefix: '/deployments', status: 500, code: 'internal_server_error',
                           message: 'Internal error occurred in manager REST server - demo fault', remaining: 1 });
  await page.goto(`${base}/deployments`);
  await expectText('.error', /internal_server_error/);
  await expectText('.error', /HTTP 500/);
  await page.screenshot({ path: `${shots}/10a-server-error-shown.png` });
  await page.click('.error button:has-text("Retry")');
  await page.waitForSelector('table.list tbody tr');
});

await step('blueprints', async () => {
  await page.click('nav a:has-text("Blueprints")');
  await page.waitForURL(/\/blueprints$/);
  await expectText('.pager .range', /of 22$/);
});

const slow = (body) => control('slow', body);

await step('newer-request-overtakes-a-slow-one', async () => {
  await page.goto(`${base}/deployments?size=20`);
  await settled();
  await slow({ path_prefix: '/deployments', delay_ms: 6000, remaining: 1 });
  const t0 = Date.now();
  await page.click('th button:has-text("Blueprint")');
  await page.fill('input.search', 'checkout');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=checkout/);
  await settled();
  const names = await page.locator('table.list tbody tr td:first-child').allTextContents();
  if (!names.length || !names.every((n) => /checkout/i.test(n))) throw new Error(`not the search's rows: ${names.slice(0, 3)}`);
  if (Date.now() - t0 > 5000) throw new Error('the newer request waited for the slow one');
});

await step('still-waiting-then-cancel', async () => {
  await slow({ path_prefix: '/deployments', delay_ms: 15000, remaining: 1 });
  await page.goto(`${base}/deployments?size=20&sort=id`);
  await page.waitForSelector('.still-waiting button', { timeout: 8000 });
  await page.screenshot({ path: `${shots}/still-waiting.png` });
  await page.click('.still-waiting button');
  await expectText('.error', /cancelled/);
  await page.click('.error button:has-text("Retry")');
  await page.waitForSelector('table.list tbody tr');
});

await step('answer-cut-off', async () => {
  await slow({ path_prefix: '/deployments', cut_off: true, remaining: 1 });
  await page.goto(`${base}/deployments?size=20&sort=-id`);
  await expectText('.error', /answer_cut_off/);
  await expectText('.error', /cut off/);
  await page.click('.error button:has-text("Retry")');
  await page.waitForSelector('table.list tbody tr');
});

await step('sign-out-revokes-the-token', async () => {
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('baton.session')).token);
  await page.click('header .sign-out button');
  await page.waitForURL(/\/login/);
  const stored = await page.evaluate(() => sessionStorage.getItem('baton.session'));
  if (stored !== null) throw new Error('the session outlived sign-out');
  const status = await page.evaluate(async (t) => (await fetch('/api/v3.1/user', { headers: { 'Authentication-Token': t } })).status, token);
  if (status !== 401) throw new Error(`the token still works after sign-out (HTTP ${status})`);
});

await browser.close();
if (consoleErrors.length) {
  // A 4xx/5xx answer and the deliberately cut-off answer log a resource error; anything else is a defect.
  const real = consoleErrors.filter((e) => !/status of (401|500)|ERR_INVALID_CHUNKED_ENCODING|ERR_CONTENT_LENGTH_MISMATCH/.test(e));
  if (real.length) { failed += 1; console.log(`FAIL console errors: ${real.join(' | ')}`); }
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
