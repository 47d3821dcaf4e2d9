// End-to-end: executions, events and logs in the release console against the demo manager.
// Watches an install run live to the end, jumps to the error of a failing one, cancels a long
// one through the escalation ladder, and resumes a failed one. Saves a screenshot per step.
// usage: node tests/e2e/executions.mjs <base-url> <screenshot-dir>
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
page.setDefaultTimeout(15000);
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));
// Which request failed (the console message does not say).
page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });

let passed = 0, failed = 0, n = 0;
async function step(name, fn) {
  n += 1;
  const file = `${shots}/x${String(n).padStart(2, '0')}-${name}.png`;
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
const expectText = async (selector, re, timeout = 15000) => {
  await page.waitForFunction(([s, src]) => {
    const el = document.querySelector(s);
    return el && new RegExp(src).test(el.textContent);
  }, [selector, re.source], { timeout });
};
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
const auth = { Authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64'), Tenant: 'default_tenant' };
async function api(method, path, body) {
  const r = await fetch(`${base}/api/v3.1${path}`, {
    method, headers: { ...auth, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
// Starts install with custom parameters on the n-th demo deployment.
async function install(nth, parameters) {
  const deps = await api('GET', `/deployments?_include=id&_size=1&_offset=${nth}`);
  const e = await api('POST', '/executions', {
    deployment_id: deps.items[0].id, workflow_id: 'install', parameters,
    allow_custom_parameters: 'true', force: 'true', dry_run: 'false', queue: 'false',
  });
  return e.id;
}
const ladderButton = (text) => page.locator('.ladder button', { hasText: new RegExp(`^${text}$`) });

await control('reset');

await step('sign-in', async () => {
  await page.goto(`${base}/executions`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/executions$/);
  await page.waitForSelector('table.list tbody tr');
});

let running;
await step('install-runs-live', async () => {
  running = await install(41, { step_secs: 1, lines_per_step: 20 });
  await page.goto(`${base}/executions/${running}`);
  await expectText('.exec-head .badge', /started|pending/);
  await page.waitForSelector('.tl-bar');
  // The progress bar moves without a reload.
  const first = await page.getAttribute('[role=progressbar]', 'aria-valuenow');
  await page.waitForFunction((f) => document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') !== f, first);
});

await step('install-completes', async () => {
  await expectText('.exec-head .badge', /completed/, 30000);
  // The operations and the tasks graph read once more after the end, then say they are final.
  await expectText('.operations .live-toggle', /Final/);
  await expectText('.tasks-graphs .live-toggle', /Final/);
  const now = await page.getAttribute('[role=progressbar]', 'aria-valuenow');
  const max = await page.getAttribute('[role=progressbar]', 'aria-valuemax');
  if (now !== max) throw new Error(`progress ${now}/${max} at the end`);
  const bars = await page.locator('.tl-bar.succeeded').count();
  if (bars !== Number(max)) throw new Error(`${bars} green bars for ${max} operations`);
  const ops = await page.locator('.tasks-graphs .graph-op.succeeded').count();
  if (ops !== Number(max)) throw new Error(`${ops} succeeded operations in the graph for ${max}`);
  await expectText('.live-toggle', /Final/);
});

let failing;
await step('failing-jump-to-error', async () => {
  failing = await install(42, { fail: true, step_secs: 1 });
  await page.goto(`${base}/executions/${failing}`);
  await expectText('.exec-head .badge', /failed/, 30000);
  await page.waitForSelector('.tl-bar.failed');
  await expectText('.exec-error', /Workflow failed/);
  await page.locator('#logs').scrollIntoViewIfNeeded();
  await page.click('.log-toolbar button:has-text("Jump to first error")');
  await page.waitForSelector('.log-row.selected.lvl-error');
  await expectText('.log-details', /failed: exit code 1/);
  await page.locator('.log-details').scrollIntoViewIfNeeded();
});

await step('error-causes-and-permalink', async () => {
  await page.click('.failures details summary');
  await expectText('.failures', /ProcessException/);
  const link = await page.getAttribute('.log-details a.permalink', 'href');
  await page.goto(`${base}${link}`);
  await page.waitForSelector('.log-row.selected');
  await page.locator('.log-details').scrollIntoViewIfNeeded();
});

await step('home-shows-the-failure', async () => {
  // The home page's first card lists the failure, linked to it.
  await page.goto(`${base}/`);
  const card = 'section.card[aria-label="Failed executions, last 24 hours"]';
  await page.waitForSelector(`${card} a[href="/executions/${failing}"]`);
  await page.click(`${card} a[href="/executions/${failing}"]`);
  await page.waitForURL(new RegExp(`/executions/${failing}$`));
  await page.goto(`${base}/`);
  await page.waitForSelector(`${card} a[href="/executions/${failing}"]`);
});

await step('cancel-ladder', async () => {
  const long = await install(43, { hang_on_cancel: 'cancel', step_secs: 60 });
  await page.goto(`${base}/executions/${long}`);
  await expectText('.exec-head .badge', /started/);
  await ladderButton('Cancel…').click();
  await ladderButton('Cancel execution').click();
  await expectText('.exec-head .badge', /cancelling/);
  await expectText('.ladder-note', /Force cancel is offered/);
  await ladderButton('Force cancel…').waitFor({ timeout: 20000 });
  await ladderButton('Force cancel…').click();
  await page.fill('dialog.confirm[open] input[name=confirm-id]', 'force-cancel');
  await ladderButton('Force cancel').click();
  await expectText('.exec-head .badge', /cancelled/);
  await ladderButton('Resume…').waitFor();
});

await step('resume-failed', async () => {
  await page.goto(`${base}/executions/${failing}`);
  await expectText('.exec-head .badge', /failed/);
  // The manager resumes a failed execution only by force: plain Resume is not offered.
  if (await ladderButton('Resume…').count()) throw new Error('plain Resume offered for a failed execution');
  await ladderButton('Force resume…').click();
  await expectText('dialog.confirm', /runs again the operations that failed/);
  await page.fill('dialog.confirm[open] input[name=confirm-id]', 'force-resume');
  const green = await page.locator('.tl-bar.succeeded').count();
  await ladderButton('Force resume').click();
  // It runs again (one operation: it may be over before the page looks) to the end, and the
  // failed operation succeeds this time: one more green bar in the timeline.
  await expectText('.exec-head .badge', /completed/, 30000);
  await page.waitForFunction((g) => document.querySelectorAll('.tl-bar.succeeded').length === g + 1, green);
});

await step('executions-list-filtered', async () => {
  await page.goto(`${base}/executions?status=failed`);
  await page.waitForSelector('table.list tbody tr');
  const statuses = await page.locator('table.list tbody tr td:nth-child(3)').allTextContents();
  if (!statuses.every((s) => /failed/.test(s))) throw new Error(`statuses: ${statuses.join(',')}`);
});

await step('events-page-errors', async () => {
  await page.goto(`${base}/events?level=error&type=log`);
  await page.waitForSelector('.log-row.lvl-error');
  await expectText('.log-status', /of \d+/);
});

await step('no-console-errors', async () => {
  const real = consoleErrors.filter((e) => !/favicon/.test(e));
  if (real.length) throw new Error(real.slice(0, 3).join(' | '));
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
