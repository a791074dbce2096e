// The frontend examples in README.md compile against the generated types and the typed client: an
// example that names a renamed table, column or RPC argument fails here, not in a reader's editor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { rootDir } from '../../scripts/project.ts';

// What the examples take from their surroundings.
const context = `
declare const categoryId: string, workspaceId: string, courseId: string, packageId: string;
declare const success_url: string, cancel_url: string;
declare const window: { location: { href: string } };
export {};
`;

/** Every ```ts block of the README, as one module next to types/client.ts. */
function readmeModule(): string {
  const readme = readFileSync(path.join(rootDir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (!blocks.length) throw new Error('README.md has no TypeScript example');
  return context + blocks.join('\n').replaceAll("from './types/", "from './");
}

describe('README examples', () => {
  it('compile against the generated types', () => {
    const file = path.join(rootDir, 'types', 'readme-examples.ts');
    const source = readmeModule();
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(rootDir, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    )!;
    // examples show results they do not use further
    const options = { ...config.options, noUnusedLocals: false };
    const host = ts.createCompilerHost(options);
    const readSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      name === file ? ts.createSourceFile(name, source, language) : readSourceFile(name, language, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = ts.createProgram([file], options, host);
    const problems = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}\n  ${source.split('\n')[line - 1]?.trim()}`;
    });
    expect(problems).toEqual([]);
  });
});
