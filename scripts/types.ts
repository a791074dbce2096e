// npm run types: regenerate types/database.types.ts from the migrations.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTestDatabase } from './local/test-database.ts';
import { generateTypes, typesFile } from './generators/types-gen.ts';

const db = await startTestDatabase();
try {
  const types = await generateTypes(db.url);
  mkdirSync(path.dirname(typesFile), { recursive: true });
  writeFileSync(typesFile, types);
  console.log(`wrote ${path.relative(process.cwd(), typesFile)}`);
} finally {
  await db.stop();
}
