// Maintenance tasks the local server knows; any other task completes with success: false.
import type { MaintenanceData } from '../../api/schemas';
import type { ProcessorContext } from './index';

export function runMaintenance(taskType: string, parameters: Record<string, unknown>, ctx: ProcessorContext): MaintenanceData {
  switch (taskType) {
    case 'cache_cleanup': {
      const removed = ctx.host.purgeExpiredResults();
      return {
        task_type: taskType,
        success: true,
        message: `Removed ${removed} expired job result(s)`,
        details: { expired_results_removed: removed, parameters },
      };
    }
    case 'health_check':
      return { task_type: taskType, success: true, message: 'Local workers server is healthy', details: ctx.host.health() };
    case 'log_rotation':
      return {
        task_type: taskType,
        success: true,
        message: 'Nothing to rotate: the local server logs to its console',
        details: { rotated_files: 0, parameters },
      };
    default:
      return { task_type: taskType, success: false, message: `Unknown maintenance task type: ${taskType}`, details: {} };
  }
}
