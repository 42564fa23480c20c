/** A statement of the sdk's, as the engines and `strata.run` take it. */
import type { SqlValue } from '../engine/types.ts';
import type { Fragment } from '../sql/tag.ts';

/** A statement and its bound values; `Row` is the shape of each result row. */
export interface Query<Row> {
  sql: string;
  params: SqlValue[];
  /** Type-level only: the row shape. */
  readonly row?: Row;
  /**
   * Makes the metric's rows from the statement's (plain rows of the shape its SQL names), where a
   * last step is cheaper in TypeScript than planned in SQL. Without it the statement's rows are the
   * metric's. Only arithmetic DuckDB would do the same way (IEEE doubles), so the numbers are the same.
   */
  readonly shape?: (rows: never[]) => Row[];
}

/** The statement of a finished fragment (its values copied: a Query's are its own). */
export const query = <Row>(f: Fragment): Query<Row> => ({ sql: f.sql, params: [...f.params] });

export const shapedQuery = <Raw, Row>(f: Fragment, shape: (rows: Raw[]) => Row[]): Query<Row> => ({
  ...query<Row>(f),
  shape: shape as (rows: never[]) => Row[],
});
