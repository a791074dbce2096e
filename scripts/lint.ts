// npm run lint: the formatting and lint checks npm test runs (scripts/checks/style.ts), without a
// database. Each failure is shown with the command that fixes it.
import { describeFailures, runStyleChecks } from './checks/style.ts';

const results = await runStyleChecks();
for (const { check, outcome } of results) console.log(`${outcome === true ? 'ok  ' : 'FAIL'}  ${check.name}`);
const failures = describeFailures(results);
if (failures) console.error(`\n${failures}`);
process.exitCode = failures ? 1 : 0;
