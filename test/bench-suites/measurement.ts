// How a bench suite hands its numbers to the benchmark that started it: JSON in the file named
// by RIPTIDE_BENCH_RESULTS, written atomically so the reader never sees half of it.
import * as fs from 'node:fs';

export function writeMeasurement(measured: object): void {
  const out = process.env.RIPTIDE_BENCH_RESULTS;
  if (!out) throw new Error('RIPTIDE_BENCH_RESULTS is not set');
  fs.writeFileSync(`${out}.partial`, JSON.stringify(measured));
  fs.renameSync(`${out}.partial`, out);
}
