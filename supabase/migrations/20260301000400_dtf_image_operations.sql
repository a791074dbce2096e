-- DTF Editor: image operations. Starting one charges its credits and records it in the same
-- transaction; completing records output, time and API cost; failing refunds the credits once.

-- ============================================================================================
-- functions
-- ============================================================================================

create function dtf.start_image_operation(
  p_image_id uuid,
  p_operation_type text,
  p_api_provider text,
  p_input_data jsonb default null
)
returns dtf.image_operations
language plpgsql
security definer
-- definer: charges credits through the private core and writes image_operations, which clients
-- cannot write directly
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_image dtf.images;
  v_price dtf.operation_credit_prices;
  v_active boolean;
  v_operation dtf.image_operations;
begin
  -- Without a user id only the backend may call: the service role, or the owner on a direct
  -- connection (role 'none'). An API role without a user id is refused.
  if v_uid is null and coalesce(current_setting('role', true), 'none') not in ('service_role', 'none') then
    raise exception 'sign in to process images' using errcode = '42501';
  end if;
  if nullif(btrim(p_api_provider), '') is null then
    raise exception 'an API provider is required' using errcode = '22023';
  end if;

  select i.* into v_image from dtf.images i where i.id = p_image_id for update;
  -- Someone else's image is reported exactly like a missing one.
  if not found or (v_uid is not null and v_image.user_id <> v_uid) then
    raise exception 'image not found: %', p_image_id using errcode = 'DT003';
  end if;

  select o.* into v_price
    from dtf.operation_credit_prices o
   where o.operation_type = p_operation_type and o.is_active;
  if not found then
    raise exception 'unknown or unavailable operation type: %', coalesce(p_operation_type, 'null')
      using errcode = 'DT003';
  end if;

  select p.is_active into v_active from dtf.profiles p where p.id = v_image.user_id;
  if not v_active then
    raise exception 'this account is deactivated' using errcode = '42501';
  end if;

  insert into dtf.image_operations (
    image_id, user_id, operation_type, api_provider, status, input_data, credits_used
  ) values (
    v_image.id, v_image.user_id, p_operation_type, btrim(p_api_provider), 'processing',
    p_input_data, v_price.credits
  )
  returning * into v_operation;

  -- Raises DT001 when the balance is short; the whole call, operation row included, rolls back.
  perform private.dtf_post_credit_change(
    v_image.user_id, 'usage', -v_price.credits,
    p_description => format('%s of %s', replace(p_operation_type, '_', ' '), v_image.original_filename),
    p_metadata => jsonb_build_object('image_id', v_image.id, 'operation_type', p_operation_type),
    p_image_operation_id => v_operation.id
  );

  update dtf.images i
     set processing_status = 'processing', processing_error = null
   where i.id = v_image.id;
  update dtf.profiles p set last_activity_at = now() where p.id = v_image.user_id;

  return v_operation;
end;
$$;

revoke execute on function dtf.start_image_operation(uuid, text, text, jsonb) from public;

comment on function dtf.start_image_operation(uuid, text, text, jsonb) is
  'RPC: starts an operation on one of the caller''s images (any image for the service role), '
  'charging the price of dtf.operation_credit_prices in the same transaction. DT001 when credits '
  'are short, DT003 for an unknown image or operation type, 42501 for a deactivated account.';

create function private.dtf_api_cost(p_api_provider text, p_operation_type text)
returns numeric
language sql
stable
security definer
-- definer: api_costs is readable by admins and the service role only
set search_path = ''
as $$
  select c.cost_per_operation
    from dtf.api_costs c
   where c.api_provider = p_api_provider
     and c.operation_type = p_operation_type
     and c.is_active
     and c.effective_date <= current_date
   order by c.effective_date desc
   limit 1
$$;

revoke execute on function private.dtf_api_cost(text, text) from public;

comment on function private.dtf_api_cost(text, text) is
  'Current price a provider charges for one operation, from dtf.api_costs (null when unknown).';

create function dtf.complete_image_operation(
  p_operation_id uuid,
  p_output_data jsonb,
  p_processing_time numeric,
  p_api_cost numeric default null,
  p_processed_url text default null,
  p_final_url text default null,
  p_thumbnail_url text default null
)
returns dtf.image_operations
language plpgsql
security definer
-- definer: writes image_operations, images and api_usage_logs for the processing service
set search_path = ''
as $$
declare
  v_operation dtf.image_operations;
begin
  if p_processing_time is null or p_processing_time < 0 then
    raise exception 'processing time must be zero or more seconds' using errcode = '22023';
  end if;
  if p_api_cost < 0 then
    raise exception 'API cost cannot be negative' using errcode = '22023';
  end if;

  select o.* into v_operation from dtf.image_operations o where o.id = p_operation_id for update;
  if not found then
    raise exception 'image operation not found: %', p_operation_id using errcode = 'DT003';
  end if;
  if v_operation.status = 'completed' then
    return v_operation;
  end if;
  if v_operation.status = 'failed' then
    raise exception 'image operation % already failed', p_operation_id using errcode = 'DT004';
  end if;

  update dtf.image_operations o
     set status = 'completed',
         output_data = p_output_data,
         processing_time = p_processing_time,
         api_cost = coalesce(p_api_cost, private.dtf_api_cost(o.api_provider, o.operation_type)),
         error_message = null,
         completed_at = now()
   where o.id = p_operation_id
  returning * into v_operation;

  update dtf.images i
     set processing_status = 'completed',
         processing_error = null,
         processed_url = coalesce(p_processed_url, i.processed_url),
         final_url = coalesce(p_final_url, i.final_url),
         thumbnail_url = coalesce(p_thumbnail_url, i.thumbnail_url)
   where i.id = v_operation.image_id;

  insert into dtf.api_usage_logs (
    user_id, image_operation_id, api_provider, operation_type, request_data, response_data,
    status_code, response_time, cost
  ) values (
    v_operation.user_id, v_operation.id, v_operation.api_provider, v_operation.operation_type,
    v_operation.input_data, p_output_data, 200, p_processing_time, v_operation.api_cost
  );

  return v_operation;
end;
$$;

revoke execute on function dtf.complete_image_operation(uuid, jsonb, numeric, numeric, text, text, text)
  from public;

comment on function dtf.complete_image_operation(uuid, jsonb, numeric, numeric, text, text, text) is
  'Processing service (service role): marks an operation completed with its output, processing '
  'time and API cost (from api_costs unless given) and logs the API call. Completing twice '
  'returns the operation unchanged; a failed operation cannot be completed (DT004).';

create function dtf.fail_image_operation(
  p_operation_id uuid,
  p_error_message text,
  p_api_cost numeric default null,
  p_status_code integer default null
)
returns dtf.image_operations
language plpgsql
security definer
-- definer: refunds credits through the private core and writes image_operations and images
set search_path = ''
as $$
declare
  v_operation dtf.image_operations;
begin
  if p_api_cost < 0 then
    raise exception 'API cost cannot be negative' using errcode = '22023';
  end if;

  select o.* into v_operation from dtf.image_operations o where o.id = p_operation_id for update;
  if not found then
    raise exception 'image operation not found: %', p_operation_id using errcode = 'DT003';
  end if;
  if v_operation.status = 'failed' then
    return v_operation;
  end if;
  if v_operation.status = 'completed' then
    raise exception 'image operation % already completed', p_operation_id using errcode = 'DT004';
  end if;

  update dtf.image_operations o
     set status = 'failed',
         error_message = coalesce(p_error_message, 'processing failed'),
         api_cost = coalesce(p_api_cost, 0),
         completed_at = now()
   where o.id = p_operation_id
  returning * into v_operation;

  if v_operation.credits_used > 0 then
    perform private.dtf_post_credit_change(
      v_operation.user_id, 'refund', v_operation.credits_used,
      p_description => 'Refund of a failed image operation',
      p_metadata => jsonb_build_object('image_id', v_operation.image_id,
                                       'operation_type', v_operation.operation_type),
      p_image_operation_id => v_operation.id
    );
  end if;

  update dtf.images i
     set processing_status = 'failed', processing_error = v_operation.error_message
   where i.id = v_operation.image_id;

  insert into dtf.api_usage_logs (
    user_id, image_operation_id, api_provider, operation_type, request_data, status_code, cost,
    error_message
  ) values (
    v_operation.user_id, v_operation.id, v_operation.api_provider, v_operation.operation_type,
    v_operation.input_data, p_status_code, v_operation.api_cost, v_operation.error_message
  );

  return v_operation;
end;
$$;

revoke execute on function dtf.fail_image_operation(uuid, text, numeric, integer) from public;

comment on function dtf.fail_image_operation(uuid, text, numeric, integer) is
  'Processing service (service role): marks an operation failed and refunds its credits with one '
  '''refund'' ledger row. Failing it again changes nothing (no second refund); a completed '
  'operation cannot fail (DT004).';
