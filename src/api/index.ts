// The Workers API layer: client, errors, wire schemas and cron helpers. No `vscode` here.
export * from './client';
export * from './errors';
export * from './redact';
export * from './schemas';
export * from './cron';
export * from './riptideQuery';
