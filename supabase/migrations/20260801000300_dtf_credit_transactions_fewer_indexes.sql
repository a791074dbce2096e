-- DTF Editor: fewer ledger indexes to maintain per credit change. A usage row (the most frequent
-- write) maintained nine indexes; the ones below were either unused by any query or constraint, or
-- only ever looked up with a non-null value, so usage rows (which leave those columns null) now
-- skip them.

-- ============================================================================================
-- indexes
-- ============================================================================================

-- No query filters on the transaction type alone or on created_at alone over the whole ledger.
-- The one reader of either is the admin revenue view (purchases and reversals per month).
drop index dtf.idx_credit_transactions_transaction_type;
drop index dtf.idx_credit_transactions_created_at;
create index idx_credit_transactions_revenue on dtf.credit_transactions (created_at)
  where transaction_type in ('purchase', 'reversal');

-- Foreign keys: the referenced row's delete (or update) looks these up with a non-null id, which
-- a partial index on non-null values serves.
drop index dtf.idx_credit_transactions_subscription_plan_id;
create index idx_credit_transactions_subscription_plan_id on dtf.credit_transactions (subscription_plan_id)
  where subscription_plan_id is not null;
drop index dtf.idx_credit_transactions_package_id;
create index idx_credit_transactions_package_id on dtf.credit_transactions (pay_as_you_go_package_id)
  where pay_as_you_go_package_id is not null;
drop index dtf.idx_credit_transactions_image_operation_id;
create index idx_credit_transactions_image_operation_id on dtf.credit_transactions (image_operation_id)
  where image_operation_id is not null;
drop index dtf.idx_credit_transactions_related_transaction_id;
create index idx_credit_transactions_related_transaction_id on dtf.credit_transactions (related_transaction_id)
  where related_transaction_id is not null;
