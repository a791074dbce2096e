// The functions' database client: postgres.js over SUPABASE_DB_URL.
import postgres from 'postgres';

export function connectDatabase(url: string | undefined, max = 5) {
  if (!url) throw new Error('SUPABASE_DB_URL is not set');
  return postgres(url, { max, connect_timeout: 5, idle_timeout: 20, onnotice: () => {} });
}
