// The packaged extension is installed in a real VS Code, activates, and reads its settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'riptide.riptide-jobs';

describe('activation', () => {
  it('the RipTide extension is installed', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    assert.equal(extension.packageJSON.publisher, 'riptide');
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('answers its settings under "riptide", with the workspace pointing at the local server', () => {
    const config = vscode.workspace.getConfiguration('riptide');
    assert.equal(config.inspect<string>('serverUrl')?.defaultValue, 'http://localhost:8080');
    const serverUrl = process.env.RIPTIDE_TEST_SERVER_URL;
    assert.ok(serverUrl, 'the harness passes RIPTIDE_TEST_SERVER_URL');
    assert.equal(config.get<string>('serverUrl'), serverUrl);
  });
});
