import { serverKey } from '../_shared/api-keys.ts';
import { connectDatabase } from '../_shared/database.ts';
import { createStorageCleanupHandler } from './handler.ts';
import { storageApi } from './storage.ts';

const env = (name: string) => Deno.env.get(name);
const jobsSecret = env('JOBS_SECRET');
if (!jobsSecret) throw new Error('JOBS_SECRET is not set');
const supabaseUrl = env('SUPABASE_URL');
// Storage is part of the project's API on hosted; STORAGE_API_URL points elsewhere (a local fake).
const storageUrl = env('STORAGE_API_URL') ||
  (supabaseUrl ? `${supabaseUrl.replace(/\/+$/, '')}/storage/v1` : undefined);
if (!storageUrl) throw new Error('Neither STORAGE_API_URL nor SUPABASE_URL is set');

Deno.serve(createStorageCleanupHandler({
  // a run makes its calls one after another: two connections serve two runs at once
  sql: connectDatabase(env, 2),
  storage: storageApi({ url: storageUrl, key: serverKey(env) }),
  jobsSecret,
}));
