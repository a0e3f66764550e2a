// The webview side of the host API, typed by the panel's messages and state.
interface VsCodeApi<State, Outgoing> {
  postMessage(message: Outgoing): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State, Outgoing>(): VsCodeApi<State, Outgoing>;

export function vscodeApi<State, Outgoing>(): VsCodeApi<State, Outgoing> {
  return acquireVsCodeApi<State, Outgoing>();
}

/** Subscribes to messages from the extension (only those shaped like the panel's messages). */
export function onHostMessage<T extends { type: string }>(handler: (message: T) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as unknown;
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') handler(data as T);
  });
}
