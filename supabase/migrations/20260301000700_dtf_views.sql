-- DTF Editor: analytics views. security_invoker, so the caller's RLS applies to every table
-- read, and filtered to admins, so a signed-in user who is not an admin sees no rows at all.

-- ============================================================================================
-- views
-- ============================================================================================

create view dtf.user_analytics
with (security_invoker = true)
as
select
  p.id,
  p.email,
  p.subscription_status,
  p.subscription_plan,
  p.credits_remaining,
  p.total_credits_purchased,
  p.total_credits_used,
  count(i.id) as total_images,
  count(i.id) filter (where i.processing_status = 'completed') as completed_images,
  count(i.id) filter (where i.processing_status = 'failed') as failed_images,
  max(i.created_at) as last_image_created,
  p.created_at as user_created_at
from dtf.profiles p
left join dtf.images i on i.user_id = p.id
where (select private.dtf_is_admin())
group by p.id;

comment on view dtf.user_analytics is 'Admins only: credits and image counts per user.';

create view dtf.revenue_analytics
with (security_invoker = true)
as
select
  date_trunc('month', ct.created_at) as month,
  ct.transaction_type,
  count(*) as transaction_count,
  sum(ct.amount) as total_credits,
  count(*) filter (
    where ct.stripe_payment_intent_id is not null
       or ct.stripe_checkout_session_id is not null
       or ct.stripe_invoice_id is not null
  ) as paid_transactions,
  sum(coalesce(k.price, s.monthly_price, 0)) as gross_revenue
from dtf.credit_transactions ct
left join dtf.pay_as_you_go_packages k on k.id = ct.pay_as_you_go_package_id
left join dtf.subscription_plans s on s.id = ct.subscription_plan_id
where ct.transaction_type in ('purchase', 'reversal')
  and (select private.dtf_is_admin())
group by date_trunc('month', ct.created_at), ct.transaction_type;

comment on view dtf.revenue_analytics is
  'Admins only: credits sold (purchase) and taken back after refunds (reversal) per month, with the '
  'list-price revenue of the packages and plans sold.';

create view dtf.api_cost_report
with (security_invoker = true)
as
select
  date_trunc('month', l.created_at) as month,
  l.api_provider,
  l.operation_type,
  count(*) as calls,
  count(*) filter (where l.error_message is not null) as failed_calls,
  coalesce(sum(l.cost), 0) as total_cost,
  avg(l.response_time) as avg_response_time,
  (select c.cost_per_operation
     from dtf.api_costs c
    where c.api_provider = l.api_provider
      and c.operation_type = l.operation_type
      and c.is_active
      and c.effective_date <= current_date
    order by c.effective_date desc
    limit 1) as current_cost_per_operation
from dtf.api_usage_logs l
where (select private.dtf_is_admin())
group by date_trunc('month', l.created_at), l.api_provider, l.operation_type;

comment on view dtf.api_cost_report is
  'Admins only: API calls, failures and cost per provider, operation and month, with today''s '
  'list price from api_costs.';
