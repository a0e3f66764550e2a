// Reads the activation time the extension measured itself, inside a real VS Code's extension host.
import * as assert from 'node:assert/strict';
import { extensionApi } from '../extension/helpers';
import { writeMeasurement } from './measurement';

/** What the shell benchmark reads back from RIPTIDE_BENCH_RESULTS. */
export interface ActivationMeasurement {
  activationMs: number;
  stateAtActivation: string;
}

describe('bench: activation', () => {
  it('writes the activation time to RIPTIDE_BENCH_RESULTS', async () => {
    const api = await extensionApi();
    assert.ok(api.activationMs > 0);
    const measured: ActivationMeasurement = { activationMs: api.activationMs, stateAtActivation: api.stateAtActivation };
    writeMeasurement(measured);
  });
});
