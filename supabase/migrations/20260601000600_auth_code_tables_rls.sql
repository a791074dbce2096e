-- Row level security without policies on the code and factor tables too, as on the other auth
-- tables: no API role has a grant on them, and should one ever be granted by mistake, anon and
-- authenticated would still see no row. The service role bypasses RLS; the definer functions run
-- as the tables' owner.

-- ============================================================================================
-- policies
-- ============================================================================================

alter table private.adly_otp_tokens enable row level security;
alter table private.adly_user_2fa enable row level security;
