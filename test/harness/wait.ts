// Waiting on a condition with a deadline instead of sleeping. Free of side effects (unlike
// processes.ts, which installs signal handlers), so unit tests and the extension-host suites use
// it as well as the harness.

/** Thrown by a probe to stop waiting at once (e.g. the process being waited on has exited). */
export class GiveUp extends Error {}

/**
 * Polls `probe` every `intervalMs` until it returns a value other than undefined, or fails with
 * `what` after `timeoutMs`. A probe that throws counts as "not yet", unless it throws GiveUp.
 */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}${reason}`);
    }
    // A timer that keeps the process alive: when the awaited process has exited, nothing else may.
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
