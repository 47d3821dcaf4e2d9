// End-to-end: the shared components in the release console against the demo manager —
// selection, the 1000-row page (DOM size and time to paint, measured), the confirm dialog,
// toasts, the JSON/YAML viewer. Saves a screenshot per step.
// usage: node tests/e2e/components.mjs <base-url> <screenshot-dir>
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
  const file = `${shots}/components-${String(n).padStart(2, '0')}-${name}.png`;
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
const settled = () => page.waitForSelector('.list-body[aria-busy=false] table.list tbody tr');
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await control('reset');

await step('sign-in', async () => {
  await page.goto(`${base}/deployments?size=20&sort=id`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/deployments\?size=20&sort=id$/);
  await settled();
});

await step('selection', async () => {
  await page.click('tbody tr[data-row="1"] input.row-select');
  await page.click('tbody tr[data-row="4"] input.row-select', { modifiers: ['Shift'] });
  await expectText('.selection-bar .selected-count', /^4 selected$/);
  await page.click('input.select-page');
  await expectText('.selection-bar .selected-count', /^20 selected$/);
  await expectText('.select-all', /Select all 480 matching deployments/);
});

await step('select-all-matching', async () => {
  await page.click('.select-all');
  await expectText('.selection-bar .selected-count', /^All 480 matching deployments selected$/);
  await page.click('.clear-selection');
  await page.waitForSelector('.selection-bar[hidden]', { state: 'attached' });
});

await step('confirm-dialog', async () => {
  await page.click('tbody tr[data-row="0"] input.row-select');
  await page.click('tbody tr[data-row="1"] input.row-select', { modifiers: ['Shift'] });
  await page.click('.bulk-actions button:has-text("Delete")');
  await page.waitForSelector('dialog.confirm[open]');
  if (!(await page.isDisabled('dialog.confirm[open] button[type=submit]'))) throw new Error('confirm enabled before typing');
  await page.fill('dialog.confirm[open] input[name=confirm-id]', 'delete 2');
  if (await page.isDisabled('dialog.confirm[open] button[type=submit]')) throw new Error('confirm still disabled');
  await page.click('dialog.confirm[open] summary:has-text("Show request")');
  await expectText('dialog.confirm[open] pre.curl', /^curl -X DELETE/);
  const curl = await page.textContent('dialog.confirm[open] pre.curl');
  if (!curl.includes('<token>')) throw new Error('token not masked');
});

await step('esc-cancels', async () => {
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.confirm[open]', { state: 'detached' });
  await expectText('.selection-bar .selected-count', /^2 selected$/);
});

await step('bulk-delete-toast', async () => {
  await page.click('.bulk-actions button:has-text("Delete")');
  await page.fill('dialog.confirm[open] input[name=confirm-id]', 'delete 2');
  await page.check('dialog.confirm[open] input[name=force]');
  await page.focus('dialog.confirm[open] input[name=confirm-id]');
  await page.keyboard.press('Enter');
  await expectText('.toast.ok', /Deleted 2 deployment/);
  await expectText('.pager .range', /of 478$/);
});

await step('page-of-1000', async () => {
  await control('reset');
  await page.goto(`${base}/deployments?sort=id`);
  await settled();
  // Time from choosing 1000 a page to its rows painted (two frames after they are in the DOM),
  // alternating with 50 so each run renders anew.
  const times = [];
  for (let i = 0; i < 5; i++) {
    const ms = await page.evaluate(async () => {
      const select = document.querySelector('.pager select');
      const t0 = performance.now();
      select.value = '1000';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((resolve) => {
        const poll = () => {
          const body = document.querySelector('.list-body[aria-busy=false] .table-scroll.virtual tbody tr[data-row="0"]');
          if (body) requestAnimationFrame(() => requestAnimationFrame(resolve)); else requestAnimationFrame(poll);
        };
        poll();
      });
      return performance.now() - t0;
    });
    times.push(ms);
    await page.selectOption('.pager select', '50');
    await page.waitForSelector('.list-body[aria-busy=false] table.list tbody tr[data-row="49"]');
  }
  await page.selectOption('.pager select', '1000');
  await page.waitForSelector('.list-body[aria-busy=false] .table-scroll.virtual tbody tr[data-row="0"]');
  const counts = await page.evaluate(() => ({
    nodes: document.getElementsByTagName('*').length,
    rows: document.querySelectorAll('table.list tbody tr').length,
  }));
  console.log(`     1000-a-page (480 rows arrived): ${counts.rows} tr, ${counts.nodes} elements; to paint median ${median(times).toFixed(0)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')})`);
  if (counts.rows > 80) throw new Error(`${counts.rows} rows in the DOM`);
  await expectText('.pager .range', /^1–480 of 480$/);
});

await step('page-of-1000-scrolled', async () => {
  await page.evaluate(() => {
    const s = document.querySelector('.table-scroll.virtual');
    s.scrollTop = 300 * 52;
    s.dispatchEvent(new Event('scroll'));
  });
  await page.waitForSelector('tbody tr[data-row="300"]');
  const rows = await page.locator('table.list tbody tr').count();
  if (rows > 80) throw new Error(`${rows} rows in the DOM after scrolling`);
});

await step('column-chooser', async () => {
  await page.goto(`${base}/deployments?size=20`);
  await settled();
  await page.click('details.columns summary');
  await page.uncheck('details.columns input[name=Labels]');
  await page.waitForFunction(() => ![...document.querySelectorAll('table.list thead th')].some((th) => th.textContent === 'Labels'));
  await page.click('details.show-request summary');
  const curl = await page.textContent('details.show-request pre.curl');
  if (curl.includes('labels')) throw new Error('hidden column still requested');
  await page.reload();
  await settled();
  const kept = await page.evaluate(() => [...document.querySelectorAll('table.list thead th')].some((th) => th.textContent === 'Labels'));
  if (kept) throw new Error('the hidden column came back after reload');
  await page.click('details.columns summary');
  await page.check('details.columns input[name=Labels]');
});

await step('json-viewer', async () => {
  const first = page.locator('table.list tbody tr td:first-child a').first();
  await first.click();
  await page.waitForURL(/\/deployments\/[^?]+$/);
  await page.click('details.raw summary');
  await page.waitForSelector('details.raw .jv-tree');
  await page.locator('details.raw .jv-toggle').nth(1).click();
  await page.locator('details.raw').scrollIntoViewIfNeeded();
});

await step('yaml-viewer', async () => {
  await page.click('details.raw .jv-bar button:has-text("YAML")');
  await expectText('details.raw .jv-yaml', /^[a-z_]+:/);
  await page.locator('details.raw').scrollIntoViewIfNeeded();
});

await browser.close();
if (consoleErrors.length) {
  const real = consoleErrors.filter((e) => !/status of (401|500)/.test(e));
  if (real.length) { failed += 1; console.log(`FAIL console errors: ${real.join(' | ')}`); }
}
console.log(`e2e components: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
