// A supabase-js client bound to one product schema, and row/insert/update helpers that work for
// every exposed schema (the generator's own Tables<> helpers default to public).
import { createClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import type { Database } from './database.types.ts';

export type { Database, Json } from './database.types.ts';

/** Every schema the Data API exposes. */
export type SchemaName = Exclude<keyof Database, '__InternalSupabase'> & string;
/** The four product schemas. */
export type ProductSchema = Exclude<SchemaName, 'public'>;

type Schema<S extends SchemaName> = Database[S];

export type TableName<S extends SchemaName> = keyof Schema<S>['Tables'] & string;
export type ViewName<S extends SchemaName> = keyof Schema<S>['Views'] & string;
export type FunctionName<S extends SchemaName> = keyof Schema<S>['Functions'] & string;
export type EnumName<S extends SchemaName> = keyof Schema<S>['Enums'] & string;

type TableOf<S extends SchemaName, T extends TableName<S>> = Schema<S>['Tables'][T] extends infer X
  ? X extends { Row: unknown; Insert: unknown; Update: unknown }
    ? X
    : never
  : never;

/** A row as selected from table T of schema S. */
export type Row<S extends SchemaName, T extends TableName<S>> = TableOf<S, T>['Row'];
/** What an insert into table T of schema S accepts. */
export type Insert<S extends SchemaName, T extends TableName<S>> = TableOf<S, T>['Insert'];
/** What an update of table T of schema S accepts. */
export type Update<S extends SchemaName, T extends TableName<S>> = TableOf<S, T>['Update'];
/** A row of view V of schema S. */
export type ViewRow<S extends SchemaName, V extends ViewName<S>> = Schema<S>['Views'][V] extends { Row: infer R }
  ? R
  : never;
/** The values of enum E of schema S. */
export type Enum<S extends SchemaName, E extends EnumName<S>> = Schema<S>['Enums'][E];
/** Arguments and result of RPC F of schema S. */
export type RpcArgs<S extends SchemaName, F extends FunctionName<S>> = Schema<S>['Functions'][F] extends {
  Args: infer A;
}
  ? A
  : never;
export type RpcResult<S extends SchemaName, F extends FunctionName<S>> = Schema<S>['Functions'][F] extends {
  Returns: infer R;
}
  ? R
  : never;

/**
 * A client bound to `schema`: `createProductClient('dtf', url, anonKey).from('images')` is typed
 * against dtf.images. Use `client.schema('other')` for a query in another schema.
 */
export function createProductClient<S extends SchemaName>(
  schema: S,
  supabaseUrl: string,
  supabaseKey: string,
  options: Omit<SupabaseClientOptions<S>, 'db'> = {},
) {
  type Options = Parameters<typeof createClient<Database, S>>[2];
  return createClient<Database, S>(supabaseUrl, supabaseKey, { ...options, db: { schema } } as Options);
}

/** A supabase-js client whose from() and rpc() are typed against schema S. */
export type ProductClient<S extends SchemaName> = ReturnType<typeof createProductClient<S>>;
