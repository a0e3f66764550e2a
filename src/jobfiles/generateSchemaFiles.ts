// Writes the JSON Schemas of job and schedule files (schemas/*.schema.json) from the zod schemas.
// Run by `npm run schemas` (and so by `npm run build`); a unit test fails when the committed files
// are stale. `--check` only reports stale files (exit code 1) without writing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCHEMA_FILES, schemaFileText } from './jsonSchema';

/** The repository root: the nearest folder above this script with a package.json. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function main(): number {
  const check = process.argv.includes('--check');
  const root = repositoryRoot();
  let stale = 0;
  for (const file of SCHEMA_FILES) {
    const target = path.join(root, file.path);
    const text = schemaFileText(file.schema());
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === text) continue;
    stale++;
    if (check) {
      console.error(`${file.path} is out of date: run npm run schemas`);
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
      console.log(`wrote ${file.path}`);
    }
  }
  return check && stale > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
