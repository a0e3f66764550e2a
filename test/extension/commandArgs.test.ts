// Commands with arguments, as keybindings.json ("args"), command links and other extensions call
// them, in a real extension host against the session's local server; and the walkthrough's
// wiring: every completion event names a context key the extension sets, a command it registers
// or a view it contributes, and every step's image ships.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkersClient } from '../../src/api';
import type { RipTideExtensionApi } from '../../src/extension/main';
import type { SubmitSummary } from '../../src/extension/jobfilesEditor/submit';
import { STEP_KEYS } from '../../src/extension/walkthrough';
import { EXTENSION_ID, extensionApi, testServerUrl, until } from './helpers';

type Answer = { error?: string; jobId?: string };

/** What the workbench does with a command link `command:<id>?<encoded JSON>`: the JSON array is the arguments. */
async function followCommandLink(link: string): Promise<unknown> {
  const uri = vscode.Uri.parse(link);
  assert.equal(uri.scheme, 'command');
  const args = uri.query ? (JSON.parse(decodeURIComponent(uri.query)) as unknown) : [];
  return vscode.commands.executeCommand(uri.path, ...(Array.isArray(args) ? args : [args]));
}

describe('commands with arguments', function () {
  this.timeout(60_000);
  let api: RipTideExtensionApi;
  let client: WorkersClient;
  let folder: vscode.Uri;

  before(async () => {
    api = await extensionApi();
    client = new WorkersClient({ baseUrl: testServerUrl() });
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  afterEach(async () => {
    api.jobPanels.dispose();
    api.dashboard.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => client.close());

  it('Go to Job by ID takes "<uuid>" or { "jobId" }, also from a command link', async () => {
    const { job_id } = await client.submitJob({ job_type: { type: 'custom', job_name: 'by_arg', payload: {} } });
    const answer = (await vscode.commands.executeCommand('riptide.goToJob', { jobId: job_id })) as Answer;
    assert.equal(answer.jobId, job_id);
    await until('its panel', () => api.jobPanels.get(job_id));
    api.jobPanels.dispose();
    const linked = (await followCommandLink(`command:riptide.goToJob?${encodeURIComponent(JSON.stringify([job_id]))}`)) as Answer;
    assert.equal(linked.jobId, job_id);
    await until('its panel, from the link', () => api.jobPanels.get(job_id));
  });

  it('a wrong argument gets a message naming the command, what it takes and what it got', async () => {
    const number = (await vscode.commands.executeCommand('riptide.goToJob', 42)) as Answer;
    assert.equal(number.error, 'riptide.goToJob takes a job id, as "<uuid>" or { "jobId": "<uuid>" }; it got 42.');
    const wrongKey = (await vscode.commands.executeCommand('riptide.goToJob', { job: 'x' })) as Answer;
    assert.match(wrongKey.error ?? '', /it got \{"job":"x"\}\.$/);
    const dashboard = (await vscode.commands.executeCommand('riptide.openDashboard', { side: true })) as Answer;
    assert.match(dashboard.error ?? '', /^riptide\.openDashboard takes no argument, or \{ "beside": boolean, "preserveFocus": boolean \}; 'side' is not one of them\.$/);
    assert.equal(api.dashboard.current, undefined, 'nothing opened');
    const file = (await vscode.commands.executeCommand('riptide.submitFile', 12)) as Answer;
    assert.match(file.error ?? '', /^riptide\.submitFile takes a job or schedule file, .* it got 12\.$/);
  });

  it('Open Job Details takes { "id" } too', async () => {
    const { job_id } = await client.submitJob({ job_type: { type: 'custom', job_name: 'by_id_key', payload: {} } });
    await vscode.commands.executeCommand('riptide.job.openDetails', { id: job_id });
    await until('its panel', () => api.jobPanels.get(job_id));
  });

  it('Submit Job File takes a path relative to the workspace folder, an absolute path, a file URI or { "file" }', async () => {
    const relative = (await vscode.commands.executeCommand('riptide.submitFile', 'page.job.json')) as SubmitSummary;
    assert.equal(relative.submitted.length, 1, relative.message);
    assert.equal(relative.file, 'page.job.json');
    const absolute = vscode.Uri.joinPath(folder, 'custom.job.json');
    const byPath = (await vscode.commands.executeCommand('riptide.submitFile', absolute.fsPath)) as SubmitSummary;
    assert.equal(byPath.file, 'custom.job.json');
    assert.equal(byPath.submitted.length, 1, byPath.message);
    const byUri = (await vscode.commands.executeCommand('riptide.submitFile', absolute.toString())) as SubmitSummary;
    assert.equal(byUri.submitted.length, 1, byUri.message);
    const byObject = (await vscode.commands.executeCommand('riptide.submitFile', { file: 'page.job.json' })) as SubmitSummary;
    assert.equal(byObject.submitted.length, 1, byObject.message);
    for (const jobId of [...relative.submitted, ...byPath.submitted]) assert.ok(api.knownJobs.get(jobId), 'remembered as submitted from here');
  });

  it('Submit Job File says which file is missing and where it looked, and refuses folders and other files', async () => {
    const missing = (await vscode.commands.executeCommand('riptide.submitFile', 'nope/missing.job.yaml')) as Answer;
    assert.equal(missing.error, `riptide.submitFile: there is no file 'nope/missing.job.yaml' (looked in ${vscode.Uri.joinPath(folder, 'nope/missing.job.yaml').fsPath}).`);
    const readme = (await vscode.commands.executeCommand('riptide.submitFile', 'README.md')) as Answer;
    assert.match(readme.error ?? '', /^riptide\.submitFile: 'README\.md' is not a job or schedule file \(\*\.job\.json, \*\.job\.yaml, \*\.job\.yml, \*\.schedule\.json/);
    const dir = (await vscode.commands.executeCommand('riptide.submitFile', folder.fsPath)) as Answer;
    assert.match(dir.error ?? '', /is a folder: use RipTide: Submit All Job Files in Folder\.$/);
  });

  it('Open Queue Dashboard takes { "beside", "preserveFocus" }', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'page.job.json'));
    const answer = (await vscode.commands.executeCommand('riptide.openDashboard', { beside: true, preserveFocus: true })) as Answer;
    assert.equal(answer.error, undefined);
    const panel = await until('the dashboard', () => api.dashboard.current);
    await until('the dashboard beside the job file', () => panel.panel.viewColumn === vscode.ViewColumn.Two);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the focus stayed on the job file');
  });
});

describe('walkthrough', function () {
  this.timeout(60_000);

  interface Step {
    id: string;
    description: string;
    media: { image?: string; markdown?: string };
    completionEvents: string[];
  }
  const manifest = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
    contributes: { walkthroughs: Array<{ id: string; steps: Step[] }>; views: Record<string, Array<{ id: string }>> };
  };

  it('takes a user from a server to a job file, its submission, the Jobs view, its result and the dashboard', () => {
    const [walkthrough] = manifest().contributes.walkthroughs;
    assert.equal(walkthrough.id, 'riptide.gettingStarted');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['server', 'jobFile', 'submit', 'jobsView', 'result', 'dashboard']);
  });

  it('every step completes by an event the extension produces, and has an image that ships', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const commands = new Set(await vscode.commands.getCommands(true));
    const views = new Set(Object.values(manifest().contributes.views).flat().map((v) => v.id));
    const keys = new Set<string>([...Object.values(STEP_KEYS), 'riptide.connection']);
    for (const step of manifest().contributes.walkthroughs[0].steps) {
      assert.ok(step.completionEvents.length > 0, `${step.id} completes by itself`);
      for (const event of step.completionEvents) {
        const [kind, ...rest] = event.split(':');
        const what = rest.join(':');
        if (kind === 'onContext') assert.ok(keys.has(what.split(/\s/)[0]), `${step.id}: ${event} is a key the extension sets`);
        else if (kind === 'onCommand') assert.ok(commands.has(what), `${step.id}: ${event} is a registered command`);
        else if (kind === 'onView') assert.ok(views.has(what), `${step.id}: ${event} is a contributed view`);
        else assert.fail(`${step.id}: unexpected completion event ${event}`);
      }
      const media = step.media.image ?? step.media.markdown;
      assert.ok(media && fs.existsSync(path.join(extension.extensionPath, media)), `${step.id}: ${media} ships`);
      // The buttons in a step's description run commands the extension has.
      for (const [, command] of step.description.matchAll(/\]\(command:([\w.]+)/g)) assert.ok(commands.has(command), `${step.id}: button ${command}`);
    }
  });

  it('"Open Sample Job File" opens a job file of the workspace, checked as one', async () => {
    const uri = (await vscode.commands.executeCommand('riptide.openSampleJobFile')) as vscode.Uri;
    const editor = await until('the job file in the editor', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() && vscode.window.activeTextEditor);
    assert.match(editor.document.fileName, /\.job\.(json|ya?ml)$/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
