import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { Queryable, SqlParam } from './db';
import type { Database } from './schema';

/**
 * Kysely over our own database handle (lib/db/db.ts): PGlite or pg, whichever `openDb` opened.
 * Kysely builds and types the SQL (PostgreSQL's dialect); the statement then runs through the
 * `Queryable` it was given, with that handle's error cleaning. Given a transaction's handle
 * (`db.transaction(async (tx) => ...)`), its queries run in that transaction, beside the
 * statements around them:
 *
 *   await db.transaction(async (tx) => {
 *     await typed(tx).insertInto('registrations').values({ id }).execute();
 *     await tx.query('...');
 *   });
 *
 * Kysely's own transactions (`kysely.transaction()`) are refused: `Db.transaction` is the one way
 * to open one, so a transaction means the same thing whichever way its queries are written.
 *
 * NOTE: a `Queryable` answers rows only, not how many rows a statement changed: Kysely's
 * `numUpdatedRows` / `numDeletedRows` / `numInsertedOrUpdatedRows` read 0 here. Ask for the
 * changed rows with `returning(...)` instead.
 */

/** A connection that runs Kysely's compiled statements through `queryable`. */
class QueryableConnection implements DatabaseConnection {
  constructor(private readonly queryable: Queryable) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const rows = await this.queryable.query<R & object>(compiled.sql, compiled.parameters.map(checkParameter));
    return { rows };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported over a Queryable.');
  }
}

/**
 * A query's parameters are SqlParam values: JSON travels as its text (`JSON.stringify`), since pg
 * would write a JavaScript array as a PostgreSQL array, and PGlite and pg serialize other objects
 * differently. An object here is a mistake in the calling code, refused before it reaches SQL.
 */
function checkParameter(value: unknown, index: number): SqlParam {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date || value instanceof Uint8Array) {
    return value;
  }
  throw new TypeError(`Query parameter $${index + 1} is a ${Array.isArray(value) ? 'array' : typeof value}: pass JSON as text (JSON.stringify), and lists with IN.`);
}

const NO_KYSELY_TRANSACTIONS = "Kysely's own transactions are not used: run the queries inside Db.transaction, on its handle (typed(tx)).";

/** Kysely's driver over one `Queryable`: every "connection" is that handle, nothing to open or close. */
class QueryableDriver implements Driver {
  private readonly connection: QueryableConnection;

  constructor(queryable: Queryable) {
    this.connection = new QueryableConnection(queryable);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }

  async beginTransaction(): Promise<void> {
    throw new Error(NO_KYSELY_TRANSACTIONS);
  }

  async commitTransaction(): Promise<void> {
    throw new Error(NO_KYSELY_TRANSACTIONS);
  }

  async rollbackTransaction(): Promise<void> {
    throw new Error(NO_KYSELY_TRANSACTIONS);
  }

  async releaseConnection(): Promise<void> {}

  /** The handle belongs to whoever opened it (Db.close, or the transaction's end). */
  async destroy(): Promise<void> {}
}

/** PostgreSQL's SQL, run through a `Queryable` (PGlite and pg speak the same PostgreSQL). */
export class QueryableDialect implements Dialect {
  constructor(private readonly queryable: Queryable) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new QueryableDriver(this.queryable);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

const instances = new WeakMap<Queryable, Kysely<unknown>>();

/**
 * A Kysely over `queryable` (the process's Db, or a transaction's handle), typed by `DB`: the app's
 * tables (Database) unless another module brings its own interface (the sandbox's tables). One
 * instance per handle, made on first use.
 */
export function typed<DB = Database>(queryable: Queryable): Kysely<DB> {
  let instance = instances.get(queryable);
  if (!instance) {
    instance = new Kysely<unknown>({ dialect: new QueryableDialect(queryable) });
    instances.set(queryable, instance);
  }
  return instance as Kysely<DB>;
}
