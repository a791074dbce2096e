import { connectDatabase } from '../_shared/database.ts';
import { createHealthHandler } from './handler.ts';

Deno.serve(createHealthHandler({ sql: connectDatabase(Deno.env.get('SUPABASE_DB_URL'), 1) }));
