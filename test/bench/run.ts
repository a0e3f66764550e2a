// `npm run bench`: every benchmark section, one after the other, in one run.
import { benchEngine } from './engine';
import { benchJobFiles } from './jobfiles';
import { benchJournal } from './journal';
import { benchPanels } from './panels';
import { benchRateLimit } from './rateLimit';
import { benchShell } from './shell';
import { benchViews } from './views';

const sections: Array<[string, () => Promise<void>]> = [
  ['engine', benchEngine],
  ['journal', benchJournal],
  ['views', benchViews],
  ['jobfiles', benchJobFiles],
  ['panels', benchPanels],
  ['shell', benchShell],
  ['ratelimit', benchRateLimit],
];

async function main(): Promise<void> {
  const only = process.argv[2];
  console.log(`RipTide Jobs benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
  for (const [name, run] of sections) {
    if (only && only !== name) continue;
    await run();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
