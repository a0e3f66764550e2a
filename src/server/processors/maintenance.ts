// Maintenance tasks the local server knows (KNOWN_MAINTENANCE_TASKS); any other task completes
// with success: false.
import { KNOWN_MAINTENANCE_TASKS, type KnownMaintenanceTask, type MaintenanceData } from '../../api/schemas';
import type { ProcessorContext } from './index';

type Task = (parameters: Record<string, unknown>, ctx: ProcessorContext) => Omit<MaintenanceData, 'task_type'>;

// Keyed by the contract's list, so a task missing here or unknown there does not compile.
const TASKS: Record<KnownMaintenanceTask, Task> = {
  cache_cleanup: (parameters, ctx) => {
    const removed = ctx.host.purgeExpiredResults();
    return { success: true, message: `Removed ${removed} expired job result(s)`, details: { expired_results_removed: removed, parameters } };
  },
  health_check: (_parameters, ctx) => ({ success: true, message: 'Local workers server is healthy', details: ctx.host.health() }),
  log_rotation: (parameters) => ({
    success: true,
    message: 'Nothing to rotate: the local server logs to its console',
    details: { rotated_files: 0, parameters },
  }),
};

function isKnownTask(taskType: string): taskType is KnownMaintenanceTask {
  return (KNOWN_MAINTENANCE_TASKS as readonly string[]).includes(taskType);
}

export function runMaintenance(taskType: string, parameters: Record<string, unknown>, ctx: ProcessorContext): MaintenanceData {
  if (!isKnownTask(taskType)) {
    return { task_type: taskType, success: false, message: `Unknown maintenance task type: ${taskType}`, details: {} };
  }
  return { task_type: taskType, ...TASKS[taskType](parameters, ctx) };
}
