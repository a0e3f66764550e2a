// Starting points for the "New job file" command: one job of each type, commented in YAML.
// A unit test checks that each template is a valid job and that JSON and YAML say the same.
import type { JobTypeName } from '../api/schemas';
import type { FileFormat } from './types';

const JSON_TEMPLATES: Record<JobTypeName, object> = {
  batch_crawl: {
    job_type: { type: 'batch_crawl', urls: ['https://example.com', 'https://example.org'], options: { concurrency: 10, cache_mode: 'read_through' } },
    priority: 'Normal',
    retry_config: { max_attempts: 3, initial_delay_secs: 30, backoff_multiplier: 2.0, max_delay_secs: 300, use_jitter: true },
    metadata: { source: 'vscode' },
  },
  single_crawl: {
    job_type: { type: 'single_crawl', url: 'https://example.com', options: { render_mode: 'Static', output_format: 'Markdown' } },
    priority: 'Normal',
    metadata: { source: 'vscode' },
  },
  maintenance: {
    job_type: { type: 'maintenance', task_type: 'cache_cleanup', parameters: { max_age_days: 30, dry_run: true } },
    priority: 'Low',
  },
  custom: {
    job_type: { type: 'custom', job_name: 'Custom', payload: { format: 'json', date_range: '2024-01-01/2024-12-31' } },
    priority: 'Normal',
    metadata: { source: 'vscode' },
  },
};

const YAML_HEADER = `# A RipTide job. Submit it with the CodeLens above, or "RipTide: Submit Job File".
# Only job_type is required; several jobs can share one file, separated by a line with ---.
`;

const YAML_COMMON = `# Low, Normal (default), High or Critical; higher runs first.
priority: Normal`;

const YAML_TEMPLATES: Record<JobTypeName, string> = {
  batch_crawl: `${YAML_HEADER}job_type:
  type: batch_crawl
  # At least one http(s) URL; the server fails batches of more than 50.
  urls:
    - https://example.com
    - https://example.org
  # Every crawl option is optional.
  options:
    concurrency: 10
    cache_mode: read_through
${YAML_COMMON}
# Retries after a failed attempt: max_attempts counts the first attempt too.
retry_config:
  max_attempts: 3
  initial_delay_secs: 30
  backoff_multiplier: 2.0
  max_delay_secs: 300
  use_jitter: true
# Free key/value pairs kept with the job (the job list search matches them).
metadata:
  source: vscode
`,
  single_crawl: `${YAML_HEADER}job_type:
  type: single_crawl
  url: https://example.com
  options:
    # Static, Dynamic, Adaptive, Pdf, Html or Markdown (exactly so).
    render_mode: Static
    # Document, NdJson, Chunked, Text or Markdown (exactly so).
    output_format: Markdown
${YAML_COMMON}
metadata:
  source: vscode
`,
  maintenance: `${YAML_HEADER}job_type:
  type: maintenance
  # The server knows cache_cleanup, health_check and log_rotation.
  task_type: cache_cleanup
  # Parameters of the task ({} when there are none).
  parameters:
    max_age_days: 30
    dry_run: true
# Low, Normal (default), High or Critical; higher runs first.
priority: Low
`,
  custom: `${YAML_HEADER}job_type:
  type: custom
  # The RipTide server runs only custom jobs named Custom (others end in the dead letter queue).
  job_name: Custom
  # Any JSON value: an object, a list, a string...
  payload:
    format: json
    date_range: 2024-01-01/2024-12-31
${YAML_COMMON}
metadata:
  source: vscode
`,
};

/** The text of a new job file of this type. */
export function jobTemplate(type: JobTypeName, format: FileFormat): string {
  return format === 'json' ? `${JSON.stringify(JSON_TEMPLATES[type], null, 2)}\n` : YAML_TEMPLATES[type];
}

const SCHEDULE_JSON = {
  name: 'daily_crawl',
  cron_expression: '0 0 2 * * *',
  job_template: { type: 'batch_crawl', urls: ['https://example.com'] },
  priority: 'Normal',
  enabled: true,
  metadata: { source: 'vscode' },
};

const SCHEDULE_YAML = `# A RipTide schedule. Create it with the CodeLens above.
name: daily_crawl
# UTC. The RipTide server wants a leading seconds field: sec min hour day month weekday [year].
# "0 0 2 * * *" is every day at 02:00. Write weekdays as names (MON-FRI): the server counts
# 1 = Sunday, and a restricted day of month and weekday must both match.
cron_expression: "0 0 2 * * *"
# The job each run starts: the same tagged object as a job's job_type.
job_template:
  type: batch_crawl
  urls:
    - https://example.com
priority: Normal
enabled: true
# Added to the metadata of every job the schedule starts.
metadata:
  source: vscode
`;

/** The text of a new schedule file. */
export function scheduleTemplate(format: FileFormat): string {
  return format === 'json' ? `${JSON.stringify(SCHEDULE_JSON, null, 2)}\n` : SCHEDULE_YAML;
}

/** The walkthrough's sample: one page to crawl (the local server's own demo page when it runs, so it works offline). */
export function sampleJob(url: string): string {
  return `# A sample RipTide job: crawl one page. Submit it with "Submit" in the CodeLens above, or
# "RipTide: Submit Job File". Save it as a *.job.yaml file to keep it.
job_type:
  type: single_crawl
  url: ${JSON.stringify(url)}
priority: Normal
metadata:
  source: walkthrough
`;
}
