// Panel benchmark: time from opening a job panel to its first paint with a big result, for a
// 50-URL crawl with long texts and for a 5 MB custom payload.
// A section of `npm run bench` (`npm run bench -- panels` for it alone); runs alone too:
// node esbuild.mjs --only=webview && npx tsc -p . && node out/test/bench/panels.js
// Measured in three parts, the way VS Code runs them: the extension side building the
// messages (jobModel, in Node), the transport (VS Code serializes each message as JSON between
// processes), and the webview drawing them (the real bundle in Debian's Chromium, until the
// frame after the table is in the DOM).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { JobResultSchema, type JobResult, type JobStatus } from '../../src/api';
import { buildJobView, buildResultView } from '../../src/core/panels/jobModel';
import type { HostToJobMessage } from '../../src/common/messages';
import { repoRoot } from '../harness/paths';
import { CHROMIUM } from '../harness/workbench';
import { heading, row } from './harness';
import { bigCrawlResult, bigCustomResult } from './panelFixtures';

const RUNS = 5;

interface Case {
  name: string;
  result: JobResult;
  /** Selector that appears once the result is drawn. */
  drawn: string;
}

function statusOf(result: JobResult): JobStatus {
  const now = new Date().toISOString();
  return {
    job_id: result.job_id,
    status: 'Completed',
    created_at: now,
    started_at: now,
    completed_at: now,
    worker_id: result.worker_id,
    retry_count: 0,
    last_error: null,
    processing_time_ms: result.processing_time_ms,
    metadata: { source: 'bench' },
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchPanels(): Promise<void> {
  const script = fs.readFileSync(path.join(repoRoot, 'dist', 'webview', 'job.js'), 'utf8');
  const css = fs.readFileSync(path.join(repoRoot, 'dist', 'webview', 'job.css'), 'utf8');
  const cases: Case[] = [
    { name: '50-URL crawl, 100 K characters of text each', result: bigCrawlResult(), drawn: 'table.crawl tbody tr' },
    { name: '5 MB custom payload', result: bigCustomResult(), drawn: 'pre.code' },
  ];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    heading(`Job panel: opening to first paint (median of ${RUNS} runs)`);
    for (const c of cases) {
      const answer = JSON.stringify(c.result);
      const parse: number[] = [];
      const host: number[] = [];
      const transport: number[] = [];
      const webview: number[] = [];
      let messageBytes = 0;
      for (let run = 0; run < RUNS; run++) {
        // The client reading the server's answer (JSON and the zod check).
        const tp = performance.now();
        JobResultSchema.parse(JSON.parse(answer));
        parse.push(performance.now() - tp);
        // Extension side: what the panel computes once the result has arrived.
        const t0 = performance.now();
        const messages: HostToJobMessage[] = [
          { type: 'init', state: { jobId: c.result.job_id } },
          { type: 'job', job: buildJobView(statusOf(c.result), { retryErrors: new Map(), result: c.result }) },
          { type: 'result', result: buildResultView(c.result) },
        ];
        host.push(performance.now() - t0);
        const t1 = performance.now();
        const wire = messages.map((m) => JSON.stringify(m));
        const parsed = wire.map((w) => JSON.parse(w) as HostToJobMessage);
        transport.push(performance.now() - t1);
        messageBytes = wire.reduce((n, w) => n + w.length, 0);

        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const stub = 'window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });';
        await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style><script>${stub}</script></head><body><main id="app"></main></body></html>`);
        await page.addScriptTag({ content: script });
        const ms = await page.evaluate(
          ({ msgs, drawn }) =>
            new Promise<number>((resolve) => {
              const start = performance.now();
              for (const m of msgs) window.postMessage(m, '*');
              const check = () => {
                if (document.querySelector(drawn)) {
                  // The frame after the DOM change is the first paint that shows it.
                  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
                } else requestAnimationFrame(check);
              };
              check();
            }),
          { msgs: parsed, drawn: c.drawn },
        );
        webview.push(ms);
        await page.close();
      }
      const total = median(parse) + median(host) + median(transport) + median(webview);
      console.log(`  ${c.name}`);
      row('  whole result as JSON / messages sent to the webview', `${(answer.length / 1024 / 1024).toFixed(1)} MB / ${(messageBytes / 1024).toFixed(0)} KB`);
      row('  reading the answer (JSON + zod)', `${median(parse).toFixed(1)} ms`);
      row('  extension side (building the messages)', `${median(host).toFixed(1)} ms`);
      row('  transport (JSON both ways)', `${median(transport).toFixed(1)} ms`);
      row('  webview: messages drawn, next frame painted', `${median(webview).toFixed(1)} ms`);
      row('  opening to first paint', `${total.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  benchPanels().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
