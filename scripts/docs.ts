// npm run docs: regenerate the documents read off the migrated database: docs/erd.md,
// docs/rls-matrix.md and supabase/policies/<schema>.sql; and the pgTAP suite's seed row names
// (supabase/tests/fixtures/seed_ids.psql), read off the seed files.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from './local/database-setup.ts';
import { generatedDocuments } from './generators/schema-docs.ts';
import { startTestDatabase } from './local/test-database.ts';

const db = await startTestDatabase();
const sql = connect(db.url);
try {
  for (const [file, content] of await generatedDocuments(sql)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
} finally {
  await sql.end();
  await db.stop();
}
