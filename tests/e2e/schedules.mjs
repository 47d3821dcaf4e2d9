// End-to-end: an operator creates "every 2 weeks on Monday and Friday at 10:00 until the end of
// the year", reads its description and next runs, finds it on the calendar, disables it and
// deletes it. Saves a screenshot per step.
// usage: node tests/e2e/schedules.mjs <base-url> <screenshot-dir>
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
  const file = `${shots}/schedules-${String(n).padStart(2, '0')}-${name}.png`;
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
const expectText = async (selector, re, timeout = 10000) => {
  await page.waitForFunction(([s, src]) => {
    const el = document.querySelector(s);
    return el && new RegExp(src).test(el.textContent);
  }, [selector, re.source], { timeout });
};
const control = (path, body) => fetch(`${base}/__baton/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });

await control('reset');

// Next Monday (UTC) at 10:00, until the last minute of that year.
const now = new Date();
const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
monday.setUTCDate(monday.getUTCDate() + (((8 - monday.getUTCDay()) % 7) || 7));
const day = (d) => d.toISOString().slice(0, 10);
const since = `${day(monday)}T10:00`;
const year = monday.getUTCFullYear();
const until = `${year}-12-31T23:59`;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const english = `Every 2 weeks on Monday and Friday at 10:00 UTC, from ${monday.getUTCDate()} ${months[monday.getUTCMonth()]} ${year} until 31 Dec ${year} 23:59`;
const id = 'fortnightly-install';
let deployment = '';
const row = () => `table.list tbody tr:has(a[href$="/${id}/edit"])`;

await step('sign-in-to-schedules', async () => {
  await page.goto(`${base}/schedules`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('input[name=username]', 'admin');
  await page.fill('input[name=password]', 'admin');
  await page.click('button[type=submit]');
  await page.waitForURL(/\/schedules$/);
  await page.waitForSelector('table.list tbody tr');
  deployment = (await page.locator('table.list tbody tr td:nth-child(2) a').first().textContent()).trim();
  await expectText('table.list tbody', /Every day at 02:00 UTC/);
});

await step('new-schedule-form', async () => {
  await page.goto(`${base}/schedules/new?deployment_id=${encodeURIComponent(deployment)}`);
  await page.waitForSelector('select#schedule-workflow');
  await page.selectOption('#schedule-workflow', 'install');
  await page.fill('#schedule-id', id);
  await page.fill('#schedule-since', since);
  await page.fill('#schedule-interval', '2');
  await page.selectOption('#schedule-unit', 'weeks');
  await page.check('input[name=weekday][value=Mon]');
  await page.check('input[name=weekday][value=Fri]');
  await page.fill('#schedule-until', until);
  await expectText('.rule-english', new RegExp(`^${english}$`));
  const first = (await page.locator('table.runs tbody td.utc').first().textContent()).trim();
  if (first !== `Mon ${day(monday)} 10:00`) throw new Error(`first run ${first}`);
  const local = await page.locator('table.runs tbody td.local').count();
  if (local < 1) throw new Error('no local times');
});

await step('a-refusal-on-its-field', async () => {
  await page.fill('#schedule-interval', '0');
  await expectText('.field-error[data-field=recurrence]', /never advances/);
  await page.fill('#schedule-interval', '2');
  await page.waitForSelector('.field-error[data-field=recurrence]', { state: 'detached' });
});

await step('created', async () => {
  await page.click('form.schedule-form button[type=submit]');
  await page.waitForURL(/\/schedules\?deployment_id=/);
  await page.waitForSelector(row());
  await expectText(`${row()} td:nth-child(4)`, new RegExp(`^${english}$`));
  await expectText(`${row()} td:nth-child(5)`, new RegExp(`^${day(monday)} 10:00 UTC`));
});

await step('on-the-calendar', async () => {
  await page.goto(`${base}/schedules/calendar?view=week&from=${day(monday)}`);
  await page.waitForSelector('table.calendar.week');
  // Monday and Friday at 10:00 hold this schedule's run.
  for (const col of [1, 5]) {
    await expectText(`table.calendar tbody tr:nth-child(11) td:nth-of-type(${col})`, new RegExp(`10:00 ${deployment} · install`));
  }
  await page.click('.segmented button:has-text("Month")');
  await page.waitForSelector('table.calendar.month');
});

await step('disabled', async () => {
  await page.goto(`${base}/schedules?deployment_id=${encodeURIComponent(deployment)}`);
  await page.waitForSelector(row());
  await page.click(`${row()} input[aria-label=Enabled]`);
  await expectText(`${row()} .switch`, /disabled/);
  // The manager kept it: a fresh list says so too.
  await page.reload();
  await page.waitForSelector(row());
  await expectText(`${row()} .switch`, /disabled/);
});

await step('delete-asks-first', async () => {
  await page.click(`${row()} .schedule-actions button.danger`);
  await expectText(`${row()} .confirm-inline`, new RegExp(`Delete ${id}\\?`));
});

await step('deleted', async () => {
  await page.click(`${row()} .confirm-inline button.danger`);
  await expectText(`${row()} .badge`, /deleted/);
  await page.reload();
  await page.waitForSelector('table.list tbody tr');
  if (await page.locator(row()).count()) throw new Error('the schedule is still listed');
});

await browser.close();
if (consoleErrors.length) {
  const real = consoleErrors.filter((e) => !/status of (401|500)/.test(e));
  if (real.length) { failed += 1; console.log(`FAIL console errors: ${real.join(' | ')}`); }
}
console.log(`e2e schedules: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
