// Measurement (not a test): the log view at scale, in the release console against the demo
// manager (baton-demo-server). Prints figures; fails only if a step cannot run.
//   1. main-thread time to take in 10,000 new lines while following;
//   2. long tasks (> 50 ms) while scrolling a 1,000,000-line execution from top to bottom;
//   3. JS heap and WebAssembly memory after that scroll;
//   4. requests per second with three live views open (a running execution's page).
// usage: node tests/perf/logs.mjs <base-url>
import { chromium } from 'playwright-core';

const base = process.argv[2];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
         '--disable-background-networking', '--enable-precise-memory-info'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
page.setDefaultTimeout(60000);
// Keep the wasm exports (for its memory) and record long tasks from the start.
await page.addInitScript(() => {
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
  window.__long = [];
  new PerformanceObserver((l) => { for (const t of l.getEntries()) window.__long.push(t.duration); })
    .observe({ type: 'longtask', buffered: true });
});
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;

const auth = { Authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64'), Tenant: 'default_tenant' };
async function api(method, path, body) {
  const r = await fetch(`${base}/api/v3.1${path}`, {
    method, headers: { ...auth, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
async function install(nth, parameters) {
  const deps = await api('GET', `/deployments?_include=id&_size=1&_offset=${nth}`);
  const e = await api('POST', '/executions', {
    deployment_id: deps.items[0].id, workflow_id: 'install', parameters,
    allow_custom_parameters: 'true', force: 'true', dry_run: 'false', queue: 'false',
  });
  return e.id;
}
const total = () => page.evaluate(() => {
  const m = /of (\d+)/.exec(document.querySelector('.log-status')?.textContent ?? '');
  return m ? Number(m[1]) : -1;
});
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

await fetch(`${base}/__baton/reset`, { method: 'POST', body: '{}' });
await page.goto(`${base}/login`);
await page.fill('input[name=username]', 'admin');
await page.fill('input[name=password]', 'admin');
await page.click('button[type=submit]');
await page.waitForURL(/\/deployments/);

// 1. Appending 10,000 lines: pause following, let 10,000+ lines arrive, resume, time the catch-up.
const appends = [];
for (let round = 0; round < 3; round += 1) {
  const chatty = await install(50 + round, { step_secs: 1, lines_per_step: 2500 });
  await page.goto(`${base}/events?execution=${chatty}`);
  await page.waitForFunction(() => /of \d+/.test(document.querySelector('.log-status')?.textContent ?? ''));
  await page.click('.log-toolbar .live-toggle');
  const shown = await total();
  for (;;) {
    const p = await api('GET', `/events?execution_id=${chatty}&type=cloudify_event&type=cloudify_log&include_logs=true&_size=1`);
    if (p.metadata.pagination.total >= shown + 10000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const before = await taskSeconds();
  await page.click('.log-toolbar .live-toggle');
  await page.waitForFunction((s) => {
    const m = /of (\d+)/.exec(document.querySelector('.log-status')?.textContent ?? '');
    return m && Number(m[1]) >= s + 10000 && !document.querySelector('.log-row.loading');
  }, shown);
  const after = await taskSeconds();
  appends.push(((after - before) * 1000));
  await api('POST', `/executions/${chatty}`, { action: 'force-cancel' }).catch(() => {});
}
console.log(`append >= 10,000 lines: main-thread task time median ${median(appends).toFixed(1)} ms (runs: ${appends.map((x) => x.toFixed(1)).join(', ')})`);

// 2. + 3. Scrolling a million lines end to end.
const million = await install(60, { synthetic_lines: 1000000 });
await page.goto(`${base}/events?execution=${million}`);
await page.waitForFunction(() => /of 1000000/.test(document.querySelector('.log-status')?.textContent ?? ''));
await page.evaluate(() => { window.__long = []; });
const steps = 200;
const t0 = Date.now();
for (let i = 0; i <= steps; i += 1) {
  await page.evaluate(([i, steps]) => {
    const s = document.querySelector('.log-scroller');
    s.scrollTop = (s.scrollHeight - s.clientHeight) * i / steps;
  }, [i, steps]);
  await page.waitForTimeout(40);
}
await page.waitForFunction(() => !document.querySelector('.log-row.loading'));
const scrollMs = Date.now() - t0;
const long = await page.evaluate(() => window.__long);
const rows = await page.evaluate(() => document.querySelectorAll('.log-row').length);
const mem = await page.evaluate(() => ({
  heap: performance.memory?.usedJSHeapSize ?? -1,
  wasm: window.__wasm?.memory?.buffer?.byteLength ?? -1,
}));
console.log(`scroll 1,000,000 lines top to bottom in ${steps} steps (${scrollMs} ms): ${long.length} long tasks, longest ${long.length ? Math.max(...long).toFixed(0) : 0} ms; ${rows} rows in the DOM`);
console.log(`after the scroll: JS heap ${(mem.heap / 1048576).toFixed(1)} MiB, WebAssembly memory ${(mem.wasm / 1048576).toFixed(1)} MiB`);

// 4. Requests per second with three live views (execution, operations, log follow).
const long2 = await install(61, { step_secs: 30 });
await page.goto(`${base}/executions/${long2}`);
await page.waitForSelector('.tl-bar');
let count = 0;
const onRequest = (r) => { if (r.url().includes('/api/v3.1/')) count += 1; };
page.on('request', onRequest);
await page.waitForTimeout(20000);
page.off('request', onRequest);
console.log(`three live views: ${(count / 20).toFixed(2)} requests/s over 20 s (budget 2/s)`);

await browser.close();
