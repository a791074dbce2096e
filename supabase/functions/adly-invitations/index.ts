import { claimsReader, verificationKeysFromEnv } from '../_shared/auth.ts';
import { connectDatabase } from '../_shared/database.ts';
import { mailerFromEnv } from '../_shared/mailer.ts';
import { createAdlyInvitationsHandler } from './handler.ts';

const env = (name: string) => Deno.env.get(name);
const sql = connectDatabase(env, 3);

Deno.serve(createAdlyInvitationsHandler({
  sql,
  mailer: mailerFromEnv(sql, env),
  readClaims: claimsReader(verificationKeysFromEnv(env)),
  // Required: the function does not start without a valid one.
  acceptUrl: env('INVITATION_ACCEPT_URL') ?? '',
  appName: env('APP_NAME') ?? 'ADLY',
}));
