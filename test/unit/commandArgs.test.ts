// Command arguments from keybindings.json, command links and other extensions: what each command
// takes, and a message naming the command, what it takes and what it got for anything else.
import * as assert from 'node:assert/strict';
import { describeArg, fileArg, jobIdArg, optionsArg, serverNameArg } from '../../src/core/commandArgs';

const ID = '7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('command arguments', () => {
  it('a job id as a string or { jobId } (pasted with quotes or in upper case too)', () => {
    assert.deepEqual(jobIdArg('riptide.goToJob', ID), { ok: true, value: ID });
    assert.deepEqual(jobIdArg('riptide.goToJob', { jobId: ` "${ID.toUpperCase()}" ` }), { ok: true, value: ID });
    assert.deepEqual(jobIdArg('riptide.goToJob', { id: ID }), { ok: true, value: ID });
  });

  it('anything else as a job id names the command, the forms it takes and what it got', () => {
    const number = jobIdArg('riptide.goToJob', 42);
    assert.equal(number.ok, false);
    assert.match(!number.ok ? number.error : '', /^riptide\.goToJob takes a job id, as "<uuid>" or \{ "jobId": "<uuid>" \}; it got 42\.$/);
    const wrongKey = jobIdArg('riptide.goToJob', { job: ID });
    assert.match(!wrongKey.ok ? wrongKey.error : '', /it got \{"job":"7f8c1a2b/);
    const notUuid = jobIdArg('riptide.goToJob', 'abc');
    assert.match(!notUuid.ok ? notUuid.error : '', /'abc' is not a job id/);
    assert.equal(jobIdArg('riptide.goToJob', [ID]).ok, false, 'an array is not an id');
  });

  it('a file as a relative or absolute path, a URI, or { file } / { uri }', () => {
    assert.deepEqual(fileArg('riptide.submitFile', 'jobs/crawl.job.yaml'), { ok: true, value: { path: 'jobs/crawl.job.yaml' } });
    assert.deepEqual(fileArg('riptide.submitFile', '/abs/a.job.json'), { ok: true, value: { path: '/abs/a.job.json' } });
    assert.deepEqual(fileArg('riptide.submitFile', 'C:\\jobs\\a.job.json'), { ok: true, value: { path: 'C:\\jobs\\a.job.json' } });
    assert.deepEqual(fileArg('riptide.submitFile', 'file:///abs/a.job.json'), { ok: true, value: { uri: 'file:///abs/a.job.json' } });
    assert.deepEqual(fileArg('riptide.submitFile', { file: ' page.job.json ' }), { ok: true, value: { path: 'page.job.json' } });
    assert.deepEqual(fileArg('riptide.submitFile', { uri: 'vscode-remote://x/a.job.json' }), { ok: true, value: { uri: 'vscode-remote://x/a.job.json' } });
    for (const wrong of ['', '   ', 7, { name: 'a.job.json' }, true]) {
      const checked = fileArg('riptide.submitFile', wrong);
      assert.equal(checked.ok, false, describeArg(wrong));
      assert.match(!checked.ok ? checked.error : '', /^riptide\.submitFile takes a job or schedule file, .*; it got /);
    }
  });

  it('a server by name, as a string or { name }, matched exactly first, then ignoring case', () => {
    const names = ['local', 'Staging', 'staging-eu'];
    assert.deepEqual(serverNameArg('riptide.useServer', 'Staging', names), { ok: true, value: 'Staging' });
    assert.deepEqual(serverNameArg('riptide.useServer', { name: ' staging ' }, names), { ok: true, value: 'Staging' });
    const unknown = serverNameArg('riptide.useServer', 'prod', names);
    assert.equal(!unknown.ok && unknown.error, "No server named 'prod'. The servers are: local, Staging, staging-eu.");
    const none = serverNameArg('riptide.useServer', 'prod', []);
    assert.match(!none.ok ? none.error : '', /no servers are configured/);
    assert.match((serverNameArg('riptide.useServer', 3, names) as { error: string }).error, /takes a server name.*it got 3\./);
  });

  it('options: nothing, or an object of the known keys with the right types', () => {
    const allowed = { beside: 'boolean', preserveFocus: 'boolean' } as const;
    assert.deepEqual(optionsArg('riptide.openDashboard', undefined, allowed), { ok: true, value: {} });
    assert.deepEqual(optionsArg('riptide.openDashboard', { beside: true }, allowed), { ok: true, value: { beside: true } });
    const unknownKey = optionsArg('riptide.openDashboard', { side: true }, allowed);
    assert.equal(!unknownKey.ok && unknownKey.error, `riptide.openDashboard takes no argument, or { "beside": boolean, "preserveFocus": boolean }; 'side' is not one of them.`);
    const wrongType = optionsArg('riptide.openDashboard', { beside: 'yes' }, allowed);
    assert.match(!wrongType.ok ? wrongType.error : '', /'beside' must be a boolean, it is "yes"\./);
    assert.match((optionsArg('riptide.openDashboard', 'now', allowed) as { error: string }).error, /it got "now"\./);
  });

  it('describes what it got in a few words, however big or odd', () => {
    assert.equal(describeArg(''), 'an empty string');
    assert.equal(describeArg(undefined), 'undefined');
    assert.ok(describeArg('x'.repeat(500)).length <= 81);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(describeArg(cyclic), 'object');
  });
});
