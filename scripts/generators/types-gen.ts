// Generates types/database.types.ts from a live database with the Supabase CLI.
import { execFile } from 'node:child_process';
import { format, resolveConfig } from 'prettier';
import path from 'node:path';
import { binPath, readProjectConfig, rootDir } from '../project.ts';
import { withLocalSslMode } from '../local/database-setup.ts';

export const typesFile = path.join(rootDir, 'types', 'database.types.ts');

/** The Database type for every exposed schema, formatted as Prettier formats the rest (.prettierrc.json). */
export async function generateTypes(url: string): Promise<string> {
  const schemas = readProjectConfig().apiSchemas.join(',');
  const raw = await new Promise<string>((resolve, reject) => {
    execFile(
      binPath('supabase'),
      ['gen', 'types', 'typescript', `--remote=${withLocalSslMode(url)}`, '--yes', '--schema', schemas],
      { cwd: rootDir, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout)),
    );
  });
  return format(raw, { ...(await resolveConfig(typesFile)), filepath: typesFile });
}
