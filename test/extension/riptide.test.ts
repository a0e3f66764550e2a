// The extension against the local server in its RipTide mode, as a user meets the real RipTide
// server: a 1,000-job file submitted under a 100-per-window rate limit (nothing lost, nothing
// sent twice), the Jobs view, a job panel and "Submit and wait" on a server that refuses job
// reads (405), and "Diagnose Connection" naming the cause for each broken build. The rate
// window is shortened (an internal option) so the limit bites ten times in seconds, not minutes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobConfig } from '../../src/api';
import type { Check, Diagnosis } from '../../src/core/diagnose/diagnose';
import type { GroupKey, JobGroup } from '../../src/core/views/jobsModel';
import type { RipTideExtensionApi } from '../../src/extension/main';
import type { SubmitSummary, WaitOutcome } from '../../src/extension/jobfilesEditor/submit';
import type { MessageNode } from '../../src/extension/views/messageNode';
import { startWorkersServer, type JobEvent, type RiptideModeOptions, type WorkersServer } from '../../src/server';
import { extensionApi, setSetting, suiteFiles, testServerUrl, until } from './helpers';

const JOBS = 1000;
const LIMIT = 100;
const WINDOW_MS = 400;

const { dir: testDir, write: workspaceFile } = suiteFiles('riptide-tests');

/** A RipTide-mode server with its request log, in use by the extension until `leave()`. */
async function useRiptideServer(api: RipTideExtensionApi, riptide: RiptideModeOptions, extra: { apiKey?: string } = {}) {
  const requests: string[] = [];
  const server = await startWorkersServer({ port: 0, riptide, ...extra, log: (line) => /^(GET|POST|DELETE) /.test(line) && requests.push(line) });
  await setSetting('serverUrl', server.url);
  await until(`the extension to use ${server.url}`, () => api.connection.serverUrl === server.url);
  return {
    server,
    requests,
    async leave() {
      await setSetting('serverUrl', testServerUrl());
      await until('the extension to use the session server again', () => api.connection.serverUrl === testServerUrl());
      await server.close();
    },
  };
}

function check(d: Diagnosis, id: Check['id']): Check {
  const found = d.checks.find((c) => c.id === id);
  assert.ok(found, `the report has the "${id}" check`);
  return found;
}

async function diagnose(): Promise<Diagnosis> {
  const diagnosis = await vscode.commands.executeCommand<Diagnosis | undefined>('riptide.diagnoseConnection');
  assert.ok(diagnosis, 'the diagnosis ran');
  return diagnosis;
}

describe('against a server in RipTide mode', function () {
  this.timeout(120_000);
  let api: RipTideExtensionApi;

  before(async () => {
    api = await extensionApi();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.fs.delete(testDir(), { recursive: true, useTrash: false });
  });

  it(`submits a ${JOBS}-job file under a ${LIMIT}-per-window rate limit: every job once, none lost, none sent twice`, async () => {
    const { server, requests, leave } = await useRiptideServer(api, { rateLimitPerMinute: LIMIT, rateWindowMs: WINDOW_MS });
    const seen = new Map<string, number>();
    const onJob = (e: JobEvent) => e.transition === 'submitted' && seen.set(String(e.metadata.index), (seen.get(String(e.metadata.index)) ?? 0) + 1);
    server.events.on('job', onJob);
    try {
      const jobs: JobConfig[] = Array.from({ length: JOBS }, (_, i) => ({
        job_type: { type: 'custom', job_name: 'Custom', payload: { i } },
        metadata: { index: String(i) },
      }));
      const uri = await workspaceFile('thousand.job.json', JSON.stringify(jobs));
      const summary = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitFile', uri);

      assert.equal(summary.refused, undefined, summary.message);
      assert.deepEqual(summary.failed, [], summary.message);
      assert.equal(summary.cancelled, 0);
      assert.equal(summary.submitted.length, JOBS);
      assert.equal(new Set(summary.submitted).size, JOBS, 'every job id once');
      // The server's own count: each index arrived exactly once.
      assert.equal(seen.size, JOBS, 'every job reached the server');
      assert.deepEqual([...seen.values()].filter((n) => n !== 1), [], 'no job was sent twice');
      const posts = requests.filter((r) => r.startsWith('POST /workers/jobs '));
      assert.equal(posts.filter((r) => / 200 /.test(r)).length, JOBS);
      // The limit did bite (or this test would prove nothing), and each refusal was sent again.
      assert.ok(posts.some((r) => / 429 /.test(r)), 'the server answered 429 at least once');
    } finally {
      server.events.off('job', onJob);
      await leave();
    }
  });

  describe('a server that refuses job reads (405)', () => {
    let riptide: Awaited<ReturnType<typeof useRiptideServer>>;

    before(async () => {
      riptide = await useRiptideServer(api, { rateLimitPerMinute: 0, refuseJobReads: true });
    });

    after(async () => {
      // The sidebar suite expects its groups collapsed, as a fresh window has them.
      await vscode.commands.executeCommand('riptide.jobs.focus');
      await vscode.commands.executeCommand('workbench.actions.treeView.riptide.jobs.collapseAll');
      await until('the Jobs groups to be collapsed', () => api.sidebar.jobs.model.groups.every((g) => !g.expanded));
      await riptide.leave();
    });

    it('the Jobs groups keep the queue counts and each shows one line saying why, with Diagnose', async () => {
      const jobs = api.sidebar.jobs;
      await vscode.commands.executeCommand('riptide.jobs.focus');
      await until('the Jobs view to be visible', () => jobs.treeView.visible);
      const workspace = await workspaceFile('two.job.yaml', 'job_type: { type: custom, job_name: Custom, payload: 1 }\n---\njob_type: { type: custom, job_name: Custom, payload: 2 }\n');
      riptide.server.pause();
      const summary = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitFile', workspace);
      assert.equal(summary.submitted.length, 2, summary.message);
      await api.refresher.refreshNow();
      const pending = jobs.model.group('pending' as GroupKey);
      await jobs.treeView.reveal(pending, { expand: true });
      await until('the Jobs view to know job reads are refused', () => jobs.model.readsRefused !== undefined);
      assert.equal(pending.count, 2, 'the count comes from the queue stats');
      assert.equal(jobs.getTreeItem(pending).description, '2');

      for (const group of jobs.model.groups) {
        await jobs.treeView.reveal(group, { expand: true }); // as a click would: the tree knows it is open
        const children = (await jobs.getChildren(group as JobGroup)) as MessageNode[];
        assert.equal(children.length, 1, `${group.def.label}: one line`);
        const item = children[0].toTreeItem();
        assert.match(String(item.label), /Jobs cannot be listed on this server/);
        assert.equal(item.command?.command, 'riptide.diagnoseConnection');
      }
      // Degraded, not failing: no retrying error, and the job list is not asked again every tick.
      const lists = () => riptide.requests.filter((r) => r.startsWith('GET /workers/jobs?')).length;
      const before = lists();
      await api.refresher.refreshNow();
      await api.refresher.refreshNow();
      assert.equal(lists(), before, 'no list request after the 405');
      assert.equal(api.refresher.latest.state, 'online');
      riptide.server.resume();
    });

    it('a job panel says once that the job cannot be shown, and stops asking', async () => {
      const jobId = '00000000-0000-4000-8000-000000000001';
      await vscode.commands.executeCommand('riptide.job.openDetails', jobId);
      const panel = await until('the job panel to open', () => api.jobPanels.get(jobId));
      const said = await until('the panel to say why', () => panel.poster.last('unknown'));
      assert.match(said.message, /cannot be shown: .*405.*refuses GET \/workers\/jobs/);
      assert.equal(panel.isActive(), false, 'a job this server cannot show is not polled');
      const reads = () => riptide.requests.filter((r) => r.startsWith(`GET /workers/jobs/${jobId}`)).length;
      const before = reads();
      await api.refresher.refreshNow();
      await api.refresher.refreshNow();
      assert.equal(reads(), before, 'nothing more is read for it');
    });

    it('"Submit and wait" says the job was submitted and why its status cannot be read, and returns', async () => {
      const uri = await workspaceFile('wait.job.yaml', 'job_type: { type: custom, job_name: Custom, payload: {} }\n');
      const outcome = await vscode.commands.executeCommand<WaitOutcome>('riptide.submitEntry', uri, 0, true);
      assert.equal(outcome.summary.submitted.length, 1, outcome.summary.message);
      assert.match(outcome.error ?? '', /405.*refuses GET \/workers\/jobs/);
    });

    it('the diagnosis names the 405 as the known defect, and passes the rest', async () => {
      const d = await diagnose();
      assert.equal(check(d, 'answers').outcome, 'passed');
      assert.equal(check(d, 'workersApi').outcome, 'passed');
      assert.equal(check(d, 'key').outcome, 'passed');
      const reads = check(d, 'jobReads');
      assert.equal(reads.outcome, 'failed');
      assert.match(reads.detail, /HTTP 405 .*known defect of its request validation/);
      assert.equal(api.diagnose.last?.diagnosis, d);
      assert.match(api.diagnose.last?.text ?? '', /Jobs can be listed \(GET \/workers\/jobs\)/);
    });
  });

  describe('Diagnose Connection names the cause of each broken build', () => {
    it('a build without the workers feature: the Workers API is missing (JSON 404)', async () => {
      const { leave } = await useRiptideServer(api, { rateLimitPerMinute: 0, workersApi: 'missing' });
      try {
        const d = await diagnose();
        assert.equal(check(d, 'answers').outcome, 'passed');
        const workers = check(d, 'workersApi');
        assert.equal(workers.outcome, 'failed');
        assert.match(workers.detail, /built without its `workers` feature/);
        assert.match(workers.advice ?? '', /Build RipTide with the `workers` Cargo feature/);
        assert.equal(check(d, 'jobReads').outcome, 'skipped');
      } finally {
        await leave();
      }
    });

    it('the worker service switched off: 503, and /healthz says so', async () => {
      const { leave } = await useRiptideServer(api, { rateLimitPerMinute: 0, workersApi: 'disabled' });
      try {
        const d = await diagnose();
        const workers = check(d, 'workersApi');
        assert.equal(workers.outcome, 'failed');
        assert.match(workers.detail, /worker service is off/);
        assert.match(workers.advice ?? '', /WORKERS_ENABLED=true/);
        assert.notEqual(check(d, 'health').outcome, 'passed');
      } finally {
        await leave();
      }
    });

    it('a key the server refuses: the key check fails and says to set the right one; the report holds no key', async () => {
      const wrongKey = 'not-the-key-1f3a9c';
      const { leave } = await useRiptideServer(api, { rateLimitPerMinute: 0 }, { apiKey: 'the-right-key-77d2' });
      try {
        await api.connection.setApiKey(wrongKey);
        const d = await diagnose();
        assert.equal(check(d, 'workersApi').outcome, 'passed');
        const key = check(d, 'key');
        assert.equal(key.outcome, 'failed');
        assert.match(key.advice ?? '', /refused the key set for it/);
        assert.ok(!(api.diagnose.last?.text ?? '').includes(wrongKey), 'no key in the report');
      } finally {
        await api.connection.setApiKey(undefined);
        await leave();
      }
    });

    it('a working RipTide-mode server: every check that can run passes, and the cron check names the server dialect', async () => {
      const { leave } = await useRiptideServer(api, { rateLimitPerMinute: 0 });
      try {
        const d = await diagnose();
        const notPassed = d.checks.filter((c) => c.outcome === 'failed');
        assert.deepEqual(notPassed.map((c) => `${c.id}: ${c.detail}`), []);
        assert.match(check(d, 'cron').detail, /refused the five-field expression .*it speaks RipTide's dialect/);
      } finally {
        await leave();
      }
    });
  });
});
