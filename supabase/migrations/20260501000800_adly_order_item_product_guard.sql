-- ADLY: an order item may only reference a product of the order's own store connection, so a
-- client cannot link its order to another tenant's product by guessing its id.

-- ============================================================================================
-- triggers
-- ============================================================================================

-- Definer: compares the two store connections whatever the caller can read, and reveals only
-- that they differ.
create function private.adly_check_order_item_product()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.product_id is not null and (
       select p.store_connection_id from adly.products p where p.id = new.product_id
     ) is distinct from (
       select o.store_connection_id from adly.orders o where o.id = new.order_id
     ) then
    raise exception using errcode = '23503',
      message = 'the product does not belong to the order''s store connection';
  end if;
  return new;
end;
$$;
revoke execute on function private.adly_check_order_item_product() from public;
comment on function private.adly_check_order_item_product() is
  'BEFORE INSERT/UPDATE on order_items: the product must come from the order''s store connection.';

create trigger order_items_check_product
  before insert or update of product_id, order_id on adly.order_items
  for each row execute function private.adly_check_order_item_product();
