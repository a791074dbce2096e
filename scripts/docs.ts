// npm run docs: regenerate docs/erd.md and docs/rls-matrix.md from the migrations.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from './lib/database-setup.ts';
import { erdFile, erdMarkdown, rlsMatrixFile, rlsMatrixMarkdown } from './lib/schema-docs.ts';
import { startTestDatabase } from './lib/test-database.ts';

const db = await startTestDatabase();
const sql = connect(db.url);
try {
  writeFileSync(erdFile, await erdMarkdown(sql));
  writeFileSync(rlsMatrixFile, await rlsMatrixMarkdown(sql));
  console.log(`wrote ${path.relative(process.cwd(), erdFile)} and ${path.relative(process.cwd(), rlsMatrixFile)}`);
} finally {
  await sql.end();
  await db.stop();
}
