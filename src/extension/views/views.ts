// The RipTide sidebar: the Jobs, Schedules and Workers views and their commands. Each view
// refreshes through one RefreshTask on the shared refresher, active only while it is visible.
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection';
import type { JobWatcher } from '../jobs/jobWatcher';
import type { KnownJobs } from '../jobs/knownJobs';
import type { JobTrace } from '../jobs/jobTrace';
import type { TraceCommands } from '../jobs/traceCommands';
import type { JobDocuments } from '../jobs/resultDocuments';
import { registerManyJobCommands } from './manyJobCommands';
import type { CompletedFailures } from '../../core/jobs/completedFailures';
import type { Refresher } from '../../core/refresh/refresher';
import { registerJobCommands } from './jobCommands';
import { JobsView } from './jobsView';
import { registerScheduleCommands } from './scheduleCommands';
import { SchedulesView } from './schedulesView';
import { WorkersView } from './workersView';

export interface SidebarDeps {
  connection: Connection;
  refresher: Refresher;
  knownJobs: KnownJobs;
  watcher: JobWatcher;
  trace: JobTrace;
  traceCommands: TraceCommands;
  documents: JobDocuments;
  completedFailures: CompletedFailures;
}

export interface Sidebar extends vscode.Disposable {
  jobs: JobsView;
  schedules: SchedulesView;
  workers: WorkersView;
  /** A user refresh: every view fetches again on the next tick, whatever the counts say. */
  invalidate(): void;
}

export function createSidebar(deps: SidebarDeps): Sidebar {
  const jobs = new JobsView(deps);
  const schedules = new SchedulesView(deps);
  const workers = new WorkersView(deps);
  const disposables: vscode.Disposable[] = [
    jobs,
    schedules,
    workers,
    ...registerJobCommands({ view: jobs, ...deps }),
    ...registerScheduleCommands({ view: schedules, jobsView: jobs, ...deps }),
    ...registerManyJobCommands(jobs, schedules, deps.traceCommands, deps.documents),
  ];
  void vscode.commands.executeCommand('setContext', 'riptide.jobs.filtered', false);
  return {
    jobs,
    schedules,
    workers,
    invalidate() {
      jobs.invalidate();
      schedules.invalidate();
      workers.invalidate();
    },
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}
