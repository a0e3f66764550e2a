// Whether a view has ever shown data, and whether what it shows is stale (the server stopped
// answering or refused the key). Free of `vscode`; shared by the three views.
import { ApiError } from '../../api';

export type ViewPhase = 'empty' | 'fresh' | 'stale';

export class ViewStatus {
  everLoaded = false;
  error: Error | undefined;

  loaded(): void {
    this.everLoaded = true;
    this.error = undefined;
  }

  failed(error: Error): void {
    this.error = error;
  }

  /** Forget everything (another server). */
  reset(): void {
    this.everLoaded = false;
    this.error = undefined;
  }

  get unauthorized(): boolean {
    return this.error instanceof ApiError && this.error.status === 401;
  }

  get phase(): ViewPhase {
    if (!this.everLoaded) return 'empty';
    return this.error ? 'stale' : 'fresh';
  }

  /** A short key of what the root shows; when it changes the whole tree is redrawn. */
  signature(): string {
    return `${this.phase}|${this.unauthorized}|${this.error?.message ?? ''}`;
  }
}
