/**
 * docs/ names everything a user meets: every canonical column, every header and label the loader
 * accepts, every unit spelling, dimension, problem kind and rule. A header or label added to the
 * loader without a line in the docs fails here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODE_ALIASES, COLUMN_ALIASES } from '../../packages/sdk/src/load/codes.ts';
import type { ProblemKind } from '../../packages/sdk/src/load/errors.ts';
import { UNIT_SPELLINGS } from '../../packages/sdk/src/load/units.ts';
import { DEFAULT_RULES, DIMENSION_NAMES, LIFECYCLES, SCHEMA, TABLE_NAMES, TIERS } from '@strata/sdk';

const doc = (name: string) => readFileSync(fileURLToPath(new URL(`../../docs/${name}`, import.meta.url)), 'utf8');
const dataModel = doc('data-model.md');
const mapping = doc('mapping.md');
const metrics = doc('metrics.md');
const cli = doc('cli.md');

/** The entries of `names` that `text` does not mention (as `code` where `code`). */
const unmentioned = (text: string, names: readonly string[], code = false) => names.filter((n) => !text.includes(code ? `\`${n}\`` : n));

describe('docs/', () => {
  it('data-model.md lists every table and column, the headers and labels the loader accepts', () => {
    expect(unmentioned(dataModel, TABLE_NAMES.map((t) => `### ${t}`))).toEqual([]);
    for (const table of TABLE_NAMES) {
      const section = dataModel.slice(dataModel.indexOf(`### ${table}\n`), dataModel.indexOf('\n### ', dataModel.indexOf(`### ${table}\n`) + 1));
      expect(unmentioned(section, SCHEMA[table].columns.map((c) => `| \`${c.name}\` |`)), table).toEqual([]);
    }
    expect(unmentioned(dataModel, Object.values(COLUMN_ALIASES).flat())).toEqual([]);
    const labels = Object.values(CODE_ALIASES).flatMap((codes) => Object.values(codes).flat());
    expect(unmentioned(dataModel, labels)).toEqual([]);
  });

  it('mapping.md gives every unit spelling, mapping option and problem kind', () => {
    expect(unmentioned(mapping, Object.values(UNIT_SPELLINGS).flat(), true)).toEqual([]);
    const options = ['columns', 'values', 'units', 'constants', 'negativeToZero', 'unpivot', 'decimal', 'orphans', 'replace'];
    expect(unmentioned(mapping, options, true)).toEqual([]);
    const kinds: Record<ProblemKind, true> = {
      file: true,
      mapping: true,
      missing_column: true,
      value: true,
      required: true,
      range: true,
      duplicate: true,
      orphan: true,
      missing_table: true,
      unit: true,
      internal: true,
    };
    expect(unmentioned(mapping, Object.keys(kinds).map((k) => `| \`${k}\` |`))).toEqual([]);
  });

  it('metrics.md defines every tier, lifecycle group and rule; cli.md every filter field', () => {
    expect(unmentioned(metrics, [...TIERS, ...LIFECYCLES], true)).toEqual([]);
    const rules = Object.entries(DEFAULT_RULES).flatMap(([group, value]) =>
      group === 'industryClass' ? [group] : Object.keys(value as object).map((key) => `${group}.${key}`),
    );
    expect(unmentioned(metrics, rules, true)).toEqual([]);
    const fields = DIMENSION_NAMES.filter((d) => !['customer_id', 'lost_reason', 'campaign', 'manager', 'branch', 'industry'].includes(d));
    expect(unmentioned(cli, fields, true)).toEqual([]);
  });
});
