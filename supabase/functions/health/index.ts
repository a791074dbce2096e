import { connectDatabase } from '../_shared/database.ts';
import { createHealthHandler } from './handler.ts';

Deno.serve(createHealthHandler({ sql: connectDatabase((name) => Deno.env.get(name), 1) }));
