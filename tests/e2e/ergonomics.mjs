// End-to-end: the operator's comfort in the release console — the command palette, the
// shortcuts, list export (checked in the downloaded files), the dark theme on every page
// family, the 1024 px width, and an axe-core accessibility check of every page family.
// usage: node tests/e2e/ergonomics.mjs <base-url> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const base = process.argv[2];
const shots = process.argv[3] ?? 'target/e2e';
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
page.setDefaultTimeout(10000);
const consoleErrors = [];
page.on('pageerror', (e) => consoleErrors.push(String(e)));

let passed = 0, failed = 0, n = 0;
async function step(name, fn) {
  n += 1;
  const file = `${shots}/ergo-${String(n).padStart(2, '0')}-${name}.png`;
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
const settled = () => page.waitForSelector('.list-body[aria-busy=false]');

// axe-core on what is on screen; serious and critical findings fail the step.
async function accessible(label) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
      sample: v.nodes[0]?.target?.join(' ') ?? '' }));
  });
  const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of found) console.log(`     axe ${label}: ${v.impact} ${v.id} ×${v.nodes} (${v.sample})`);
  if (bad.length) throw new Error(`${label}: ${bad.map((v) => `${v.id} ×${v.nodes}`).join(', ')}`);
}

await control('reset');

await step('sign-in-accessible', async () => {
  await page.goto(`${base}/deployments?size=20`);
  await page.waitForSelector('input[name=username]');
  await accessible('sign-in');
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForSelector('table.list tbody tr');
  await settled();
});

await step('palette', async () => {
  await page.keyboard.press('Control+k');
  await page.waitForSelector('dialog.palette[open]');
  await page.keyboard.type('web app');
  await page.waitForFunction(() => [...document.querySelectorAll('.palette-group')].some((g) => g.textContent === 'Deployments'));
  await page.keyboard.press('ArrowDown');
});

await step('palette-opens-deployment', async () => {
  // The first deployment entry of the manager's answer.
  const label = await page.evaluate(() => {
    const opts = [...document.querySelectorAll('.palette-option')];
    const i = opts.findIndex((o) => o.previousElementSibling?.textContent === 'Deployments');
    return opts[i].querySelector('.palette-label').textContent;
  });
  await page.locator('.palette-option', { hasText: label }).first().click();
  await page.waitForURL(new RegExp(`/deployments/${encodeURIComponent(label)}$`));
  await page.waitForSelector('h1');
  await accessible('deployment page');
});

await step('shortcuts-help', async () => {
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await page.waitForURL(/\/deployments$/);
  await settled();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  if (await page.locator('tr.kb-current').count() !== 1) throw new Error('no row marked by j');
  await page.keyboard.press('?');
  await page.waitForSelector('dialog.shortcuts[open]');
});

await step('export-page-csv', async () => {
  await page.keyboard.press('Escape');
  await page.goto(`${base}/deployments?size=20`);
  await settled();
  await page.click('details.export summary');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=This page as CSV')]);
  const text = readFileSync(await download.path(), 'utf8');
  const lines = text.trimEnd().split('\r\n');
  if (!/^deployments-.*\.csv$/.test(download.suggestedFilename())) throw new Error(`file ${download.suggestedFilename()}`);
  if (!lines[0].split(',').includes('id')) throw new Error(`header ${lines[0]}`);
  if (lines.length !== 21) throw new Error(`expected 20 rows and a header, got ${lines.length} lines`);
});

await step('export-every-page-json', async () => {
  await page.click('details.export summary');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30000 }),
    page.click('text=/all 480 matching as JSON Lines/'),
  ]);
  const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
  if (lines.length !== 480) throw new Error(`expected 480 deployments, got ${lines.length}`);
  const ids = new Set(lines.map((l) => JSON.parse(l).id));
  if (ids.size !== 480) throw new Error(`only ${ids.size} distinct ids`);
});

// Every page family in the dark theme, checked by axe too.
const pages = [
  ['deployments', '/deployments', 'table.list tbody tr'],
  ['blueprints', '/blueprints', 'table.list tbody tr'],
  ['executions', '/executions', 'table.list tbody tr'],
  ['events', '/events', '.log-view'],
  ['schedules', '/schedules', 'h1'],
  ['tokens', '/tokens', 'h1'],
  ['new-deployment', '/deployments/new', 'h1'],
];
await step('dark-theme', async () => {
  await page.selectOption('select[aria-label=Theme]', 'dark');
  const ink = await page.evaluate(() => getComputedStyle(document.body).color);
  if (ink !== 'rgb(223, 230, 238)') throw new Error(`body ink ${ink}`);
});
for (const [name, path, ready] of pages) {
  await step(`dark-${name}`, async () => {
    await page.goto(`${base}${path}`);
    await page.waitForSelector(ready);
    await page.waitForTimeout(300);
    await accessible(`${name} (dark)`);
  });
}
await step('light-theme-at-1024px', async () => {
  await page.selectOption('select[aria-label=Theme]', '');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${base}/deployments`);
  await settled();
  // Wide tables scroll inside themselves; the page itself never scrolls sideways.
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  if (sideways) throw new Error('the page scrolls sideways at 1024 px');
  await accessible('deployments (light, 1024 px)');
});

if (consoleErrors.length) {
  console.log(`FAIL page errors: ${consoleErrors.join(' | ')}`);
  failed += 1;
}
console.log(`\nergonomics: ${passed} passed, ${failed} failed; screenshots in ${shots}`);
await browser.close();
process.exit(failed ? 1 : 0);
