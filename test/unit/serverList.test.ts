// The server list from settings, the active choice, and who may be contacted with a key.
import * as assert from 'node:assert/strict';
import { accessFor, activeServer, buildServerList, userOrigins, type Approval } from '../../src/core/servers/serverList';
import { LOCAL_SERVER_IDENTITY, serverIdentity } from '../../src/core/servers/serverIdentity';
import { isLoopbackHost, keyTravelsInClearText, originOf } from '../../src/core/servers/origin';

const DEFAULT = 'http://localhost:8080';

describe('server list', () => {
  it('lists the local server, the serverUrl setting as an unnamed entry, then the named servers', () => {
    const { servers, problems } = buildServerList({
      defaultServerUrl: DEFAULT,
      userServerUrl: 'https://riptide.example.com/api/',
      userServers: [{ name: 'Staging', url: 'https://staging.example.com', cronDialect: 'classic', requestsPerMinute: 90 }],
      localServerUrl: 'http://127.0.0.1:4567',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      servers.map((s) => [s.id, s.name, s.origin, s.source]),
      [
        ['local', 'Local server', 'http://127.0.0.1:4567', 'local'],
        ['serverUrl', 'riptide.example.com/api', 'https://riptide.example.com', 'user'],
        ['user:Staging', 'Staging', 'https://staging.example.com', 'user'],
      ],
    );
    assert.equal(servers[2].cronDialect, 'classic');
    assert.equal(servers[2].requestsPerMinute, 90);
  });

  it('skips bad entries with a message naming the entry, where it is and why', () => {
    const { servers, problems } = buildServerList({
      defaultServerUrl: DEFAULT,
      userServers: [{ name: 'A', url: 'ftp://x' }, { url: 'https://x' }, { name: 'B', url: 'https://u:p@x' }, { name: 'C', url: 'https://c' }, { name: 'c', url: 'https://d' }, 'nope', { name: 'D', url: 'https://d', requestsPerMinute: 0 }],
      workspaceServers: { value: { name: 'x' }, file: '.vscode/settings.json' },
    });
    assert.deepEqual(servers.map((s) => s.id), ['serverUrl', 'user:C']);
    assert.equal(servers[0].source, 'default');
    assert.equal(problems.length, 7);
    assert.match(problems[0], /riptide\.servers\[0\] in user settings: 'ftp:\/\/x' must start with http/);
    assert.match(problems[2], /credentials/);
    assert.match(problems[3], /already named "c"/i);
    assert.match(problems[6], /riptide\.servers in \.vscode\/settings\.json must be a list/);
  });

  it('the workspace serverUrl overrides the user one unless another server was chosen here', () => {
    const { servers } = buildServerList({
      defaultServerUrl: DEFAULT,
      workspaceServerUrl: { value: 'https://repo.example', file: '.vscode/settings.json' },
      userServers: [{ name: 'Prod', url: 'https://prod.example' }],
    });
    assert.equal(activeServer(servers, undefined).id, 'workspace:serverUrl');
    assert.equal(activeServer(servers, 'user:Prod').id, 'user:Prod');
    assert.equal(activeServer(servers, 'user:Gone').id, 'workspace:serverUrl');
    assert.equal(activeServer(servers.filter((s) => s.source !== 'workspace'), undefined).id, 'serverUrl');
  });

  it('a workspace entry is contacted only once approved, with a key only when approved with one', () => {
    const { servers } = buildServerList({
      defaultServerUrl: DEFAULT,
      userServers: [{ name: 'Prod', url: 'https://prod.example/api' }],
      workspaceServers: {
        value: [{ name: 'Repo', url: 'https://repo.example:8443/x' }, { name: 'Same', url: 'https://prod.example/other' }],
        file: '.vscode/settings.json',
      },
    });
    const repo = servers.find((s) => s.id === 'workspace:Repo')!;
    const same = servers.find((s) => s.id === 'workspace:Same')!;
    const mine = userOrigins(servers);
    const approvals = (a?: Approval) => new Map(a ? [[repo.origin, a]] : []);
    assert.deepEqual(accessFor(repo, approvals(), mine), { contact: false, reason: 'needsApproval' });
    assert.deepEqual(accessFor(repo, approvals('ignore'), mine), { contact: false, reason: 'ignored' });
    assert.deepEqual(accessFor(repo, approvals('connectWithoutKey'), mine), { contact: true, sendKey: false });
    assert.deepEqual(accessFor(repo, approvals('connect'), mine), { contact: true, sendKey: true });
    // The user's own settings already name that origin.
    assert.deepEqual(accessFor(same, approvals(), mine), { contact: true, sendKey: true });
    // The default URL is not the user's choice: a workspace naming it still needs approval.
    const onDefault = buildServerList({ defaultServerUrl: DEFAULT, workspaceServerUrl: { value: 'http://localhost:8080', file: 'w' } }).servers;
    assert.equal(accessFor(onDefault[1], new Map(), userOrigins(onDefault)).contact, false);
  });

  it('origins: scheme, host and port only; loopback and clear-text rules', () => {
    assert.equal(originOf('HTTPS://Example.COM:443/api?x#y'), 'https://example.com');
    assert.equal(originOf('http://evil.example/https://good.example'), 'http://evil.example');
    assert.equal(originOf('javascript:alert(1)'), undefined);
    assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('[::1]') && isLoopbackHost('localhost'));
    assert.ok(!isLoopbackHost('localhost.evil.example') && !isLoopbackHost('127.0.0.1.nip.io'));
    assert.ok(keyTravelsInClearText('http://staging.example'));
    assert.ok(!keyTravelsInClearText('http://127.0.0.1:8080'));
    assert.ok(!keyTravelsInClearText('https://staging.example'));
  });
});

describe('server identity (what records are filed under)', () => {
  const listed = (localServerUrl?: string) =>
    buildServerList({
      defaultServerUrl: DEFAULT,
      userServerUrl: 'https://riptide.example.com/api/',
      userServers: [{ name: 'Staging', url: 'https://Staging.example.com/' }, { name: 'Same port', url: 'http://127.0.0.1:4567' }],
      localServerUrl,
    }).servers;

  it('is the same for the local server on every port it starts on', () => {
    const first = listed('http://127.0.0.1:4567').find((s) => s.source === 'local')!;
    const again = listed('http://127.0.0.1:39001').find((s) => s.source === 'local')!;
    assert.equal(serverIdentity(first), LOCAL_SERVER_IDENTITY);
    assert.equal(serverIdentity(again), serverIdentity(first));
  });

  it('is the endpoint for every other entry, so a changed URL is another server', () => {
    const byId = new Map(listed('http://127.0.0.1:4567').map((s) => [s.id, serverIdentity(s)]));
    assert.equal(byId.get('serverUrl'), 'https://riptide.example.com/api');
    assert.equal(byId.get('user:Staging'), 'https://staging.example.com');
    assert.equal(serverIdentity({ source: 'user', url: 'https://riptide.example.com/api' }), byId.get('serverUrl'));
    assert.notEqual(serverIdentity({ source: 'user', url: 'https://riptide.example.com/other' }), byId.get('serverUrl'));
    // A user's entry at the local server's address is not the local server (its data file is not theirs).
    assert.equal(byId.get('user:Same port'), 'http://127.0.0.1:4567');
    assert.equal(new Set(byId.values()).size, byId.size);
  });
});
