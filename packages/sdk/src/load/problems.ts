/**
 * The problems of one load, gathered per group (kind, table, column, field, expected) and listed
 * so that one flood never hides another: up to 100, taken from the groups in turn, then put in
 * table and row order.
 */
import { TABLE_NAMES, type TableName } from '../schema.ts';
import type { ProblemRow } from './checks.ts';
import { GROUP_ROWS, LoadError, MAX_REPORTED_PROBLEMS, type LoadProblem, type LoadProblemGroup } from './errors.ts';

interface Found {
  group: LoadProblemGroup;
  /** The group's first problems in row order (at most 100). */
  samples: LoadProblem[];
}

const keyOf = (p: Pick<LoadProblem, 'kind' | 'table' | 'column' | 'field' | 'expected'>) => JSON.stringify([p.table, p.kind, p.column, p.field ?? null, p.expected]);
const tableOrder = (t: TableName) => TABLE_NAMES.indexOf(t);

export class ProblemList {
  private readonly found = new Map<string, Found>();

  get total(): number {
    let n = 0;
    for (const f of this.found.values()) n += f.group.count;
    return n;
  }

  /** Problems of a table, counted one each. */
  add(...problems: LoadProblem[]): void {
    for (const p of problems) this.addGroup(p, 1, [p]);
  }

  /** `count` problems of one sort, of which `samples` are the first. */
  addGroup(like: LoadProblem, count: number, samples: readonly LoadProblem[]): void {
    const key = keyOf(like);
    let f = this.found.get(key);
    if (!f) {
      f = { group: { kind: like.kind, table: like.table, column: like.column, field: like.field ?? null, expected: like.expected, count: 0, rows: [], got: like.got }, samples: [] };
      this.found.set(key, f);
    }
    f.group.count += count;
    f.samples.push(...samples);
    f.samples.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    f.samples.length = Math.min(f.samples.length, MAX_REPORTED_PROBLEMS);
    f.group.rows = [...new Set(f.samples.flatMap((p) => (p.row === null ? [] : [p.row])))].slice(0, GROUP_ROWS);
    f.group.got = f.samples[0]?.got ?? f.group.got;
  }

  /** A LoadError met on the way (a file that could not be read), its groups kept. */
  addError(error: LoadError): void {
    for (const group of error.groups) {
      const samples = error.problems.filter((p) => keyOf(p) === keyOf(group));
      this.addGroup({ ...group, row: group.rows[0] ?? null }, group.count, samples);
    }
  }

  /** The rows of a table's problem query (see problemsSql): each group's count and first rows. */
  addRows(table: TableName, rows: readonly ProblemRow[]): void {
    const byGroup = new Map<string, { count: number; samples: LoadProblem[] }>();
    for (const { kind, row, column, field, expected, got, group_count } of rows) {
      const problem: LoadProblem = { kind, table, row, column, field, expected, got };
      const key = keyOf(problem);
      const entry = byGroup.get(key) ?? { count: group_count, samples: [] };
      entry.samples.push(problem);
      byGroup.set(key, entry);
    }
    for (const { count, samples } of byGroup.values()) this.addGroup(samples[0]!, count, samples);
  }

  /** The error to throw: every group, and up to 100 problems spread across them. */
  toError(): LoadError {
    const found = [...this.found.values()].sort(
      (a, b) => tableOrder(a.group.table) - tableOrder(b.group.table) || (a.group.rows[0] ?? 0) - (b.group.rows[0] ?? 0),
    );
    const listed: LoadProblem[] = [];
    for (let i = 0; listed.length < MAX_REPORTED_PROBLEMS; i++) {
      const round = found.flatMap((f) => (f.samples[i] ? [f.samples[i]!] : []));
      if (round.length === 0) break;
      listed.push(...round.slice(0, MAX_REPORTED_PROBLEMS - listed.length));
    }
    listed.sort(
      (a, b) => tableOrder(a.table) - tableOrder(b.table) || (a.row ?? 0) - (b.row ?? 0) || String(a.column).localeCompare(String(b.column)),
    );
    return new LoadError(listed, this.total, found.map((f) => f.group));
  }
}
