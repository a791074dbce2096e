// npm run format: formats the edge functions with deno fmt and every other TypeScript file with
// Prettier, as `npm run lint` and `npm test` check them (scripts/checks/style.ts).
import { spawnSync } from 'node:child_process';
import { formatCommands } from './checks/style.ts';
import { rootDir } from './project.ts';

for (const [command, args, env] of formatCommands()) {
  const { status, error } = spawnSync(command, args, {
    cwd: rootDir,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (status !== 0) {
    console.error(`${command} ${args.join(' ')} failed${error ? `: ${error.message}` : ''}`);
    process.exit(1);
  }
}
