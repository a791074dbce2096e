import { connectOnce } from '../_shared/database.ts';
import { createHealthHandler } from './handler.ts';

Deno.serve(createHealthHandler({ connect: () => connectOnce((name) => Deno.env.get(name)) }));
