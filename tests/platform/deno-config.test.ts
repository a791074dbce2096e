// Each edge function's deno.json (config.toml's import_map): in the function's own folder, mapping
// exactly the npm packages the function imports, each pinned to the version package.json pins, so
// the functions under Deno and their tests under Node run the same code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProjectConfig, rootDir } from '../../scripts/project.ts';

const packageVersions: Record<string, string> = JSON.parse(
  readFileSync(path.join(rootDir, 'package.json'), 'utf8'),
).dependencies;

/** The bare specifiers a module and the local modules it imports use (npm packages, by import map). */
function bareImports(entrypoint: string): Set<string> {
  const bare = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:\bfrom|^import)\s*'([^']+)'/gm)) {
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else if (!/^(node|npm|jsr|https?):/.test(specifier)) bare.add(specifier);
    }
  };
  visit(entrypoint);
  return bare;
}

describe("the functions' deno.json files", () => {
  it.each(readProjectConfig().functions.map((f) => [f.name, f] as const))(
    "%s: its own, with exactly its packages at package.json's versions",
    (_, f) => {
      expect(path.dirname(f.denoConfig)).toBe(path.dirname(f.entrypoint));
      const imports: Record<string, string> = JSON.parse(readFileSync(f.denoConfig, 'utf8')).imports;
      expect(Object.keys(imports).sort()).toEqual([...bareImports(f.entrypoint)].sort());
      for (const [name, specifier] of Object.entries(imports))
        expect(specifier).toBe(`npm:${name}@${packageVersions[name]}`);
    },
  );
});
