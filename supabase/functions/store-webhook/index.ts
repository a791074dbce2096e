import { connectDatabase } from '../_shared/database.ts';
import { createStoreWebhookHandler } from './handler.ts';

Deno.serve(createStoreWebhookHandler({ sql: connectDatabase(Deno.env.get('SUPABASE_DB_URL'), 5) }));
