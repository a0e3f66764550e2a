// The test sessions' server mode from the environment (RIPTIDE_TEST_SERVER_MODE, _ARGS).
import * as assert from 'node:assert/strict';
import { workersServerOptionsFromEnv } from '../harness/serverMode';

describe('Test session server mode', () => {
  it('is the contract by default and RipTide mode when asked, with the server\'s own flags', () => {
    assert.deepEqual(workersServerOptionsFromEnv({}), { riptide: undefined });
    assert.ok(workersServerOptionsFromEnv({ RIPTIDE_TEST_SERVER_MODE: 'riptide' }).riptide);
    const riptide = workersServerOptionsFromEnv({ RIPTIDE_TEST_SERVER_MODE: 'riptide', RIPTIDE_TEST_SERVER_ARGS: ' --rate-limit 0  --stalled-workers ' }).riptide;
    assert.equal(riptide?.rateLimitPerMinute, 0);
    assert.equal(riptide?.stalledWorkers, true);
  });

  it('names what is wrong in a mode or a flag it cannot use', () => {
    assert.throws(() => workersServerOptionsFromEnv({ RIPTIDE_TEST_SERVER_MODE: 'rip' }), /RIPTIDE_TEST_SERVER_MODE=rip: use "riptide" or "contract"/);
    assert.throws(() => workersServerOptionsFromEnv({ RIPTIDE_TEST_SERVER_MODE: 'riptide', RIPTIDE_TEST_SERVER_ARGS: '--rate-limit' }), /RIPTIDE_TEST_SERVER_ARGS: --rate-limit needs a value/);
  });
});
