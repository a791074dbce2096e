import { connectDatabase } from '../_shared/database.ts';
import { createStoreWebhookHandler } from './handler.ts';

Deno.serve(createStoreWebhookHandler({ sql: connectDatabase((name) => Deno.env.get(name)) }));
