/**
 * Money units: how a mapping spells them, how a header carries one (`贷款余额(万元)`), and which
 * magnitudes are plausible for a table's money, so that amounts in 万元 read as yuan (10,000×
 * too small) get a warning instead of silence.
 */
import type { TableName } from '../schema.ts';
import type { LoadWarning } from './errors.ts';
import type { MoneyUnit } from './mapping.ts';

export const UNIT_FACTORS: Readonly<Record<MoneyUnit, number>> = { yuan: 1, wan: 10_000, yi: 100_000_000 };
export const UNIT_LABELS: Readonly<Record<MoneyUnit, string>> = { yuan: '元', wan: '万元', yi: '亿元' };

/** The spellings a mapping's `units` accepts (besides brackets and spaces around them). */
export const UNIT_SPELLINGS: Readonly<Record<MoneyUnit, readonly string[]>> = {
  yuan: ['元', 'yuan'],
  wan: ['万', '万元', 'wan'],
  yi: ['亿', '亿元', 'yi'],
};
export const ACCEPTED_UNITS = Object.values(UNIT_SPELLINGS)
  .map((names) => names.join('/'))
  .join(', ');

// Brackets half- and full-width, ASCII and ideographic spaces: how a unit is written around it.
const DECORATION = /[\s\u3000()（）[\]【】]/g;

function lookup(table: Readonly<Record<MoneyUnit, readonly string[]>>, text: string): MoneyUnit | undefined {
  for (const [unit, names] of Object.entries(table) as [MoneyUnit, readonly string[]][]) if (names.includes(text)) return unit;
  return undefined;
}

/** The unit a mapping's spelling names, undefined for anything else. */
export function parseUnit(spelling: string): MoneyUnit | undefined {
  return lookup(UNIT_SPELLINGS, spelling.replace(DECORATION, '').toLowerCase());
}

/** What a header may carry after its name: the mapping's spellings and what exports write in English. */
const HEADER_SPELLINGS: Readonly<Record<MoneyUnit, readonly string[]>> = {
  yuan: ['元', '人民币元', 'yuan', 'cny', 'rmb', '¥', '￥'],
  wan: ['万', '万元', '人民币万元', '万元人民币', 'wan', '10kcny', '10kyuan', '10krmb', '10000yuan', '10000cny', 'tenthousandyuan'],
  yi: ['亿', '亿元', '人民币亿元', '亿元人民币', 'yi', '100mcny', '100myuan', '100mrmb', '100millionyuan', '100millioncny'],
};

const headerSpelling = (text: string) => lookup(HEADER_SPELLINGS, text.replace(/[\s\u3000,，]/g, '').toLowerCase());

/** `余额(万元)`, `余额（单位：万元）`, `Balance (10k CNY)`: the unit in brackets at the end. */
const BRACKETED = /^(.*?)[\s_-]*[(（[【]\s*(?:单位\s*[:：]\s*)?([^()（）[\]【】]+?)\s*[)）\]】]\s*$/;
/** `金额_万元`, `balance-yuan`, `余额 万元`: the unit after a separator. */
const SEPARATED = /^(.*?)[\s_\-/]+([^\s_\-/]+)$/;
/** `贷款余额万元`: 万元 and 亿元 are never the end of a field's own name. */
const JOINED = /^(.+?)(万元|亿元)$/;

/** A header's name and the unit it carries, or undefined when it carries none. */
export function headerUnit(header: string): { base: string; unit: MoneyUnit } | undefined {
  const text = header.trim();
  for (const pattern of [BRACKETED, SEPARATED, JOINED]) {
    const match = pattern.exec(text);
    const base = match?.[1]?.trim();
    const unit = match?.[2] === undefined ? undefined : headerSpelling(match[2]);
    if (base && unit) return { base, unit };
  }
  return undefined;
}

/**
 * Where the median of a money field's positive values lies in a bank's own data, in yuan. A
 * median outside is all but certainly the wrong unit: a 10,000× slip moves it four decades, far
 * beyond what a portfolio's mix does. Fields without an entry (contribution: a profit figure,
 * small or negative by nature) are not checked.
 */
export const PLAUSIBLE_MEDIANS: Readonly<Partial<Record<TableName, Readonly<Record<string, { low: number; high: number; why: string }>>>>> = {
  loans: {
    balance: {
      // A book of cards alone has a median in the thousands; 万元 read as yuan gives tens to hundreds.
      low: 1_000,
      high: 100_000_000,
      why: 'card balances run to thousands of yuan, mortgages to hundreds of thousands, corporate loans to millions',
    },
    original_amount: {
      low: 1_000,
      high: 1_000_000_000,
      why: 'a loan is granted for thousands of yuan (a card limit) up to hundreds of millions (a syndicated loan)',
    },
  },
  customers: {
    deposits_avg: { low: 10, high: 100_000_000, why: 'a retail customer keeps hundreds to hundreds of thousands of yuan, a company millions' },
    aum: { low: 10, high: 100_000_000, why: 'a retail customer holds hundreds to millions of yuan, a company millions' },
  },
  pipeline: {
    amount: { low: 1_000, high: 1_000_000_000, why: 'a lead is for a loan of thousands of yuan up to hundreds of millions' },
  },
};

const figure = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 4 });
const yuan = (n: number) => (n >= 100_000_000 ? `${figure(n / 100_000_000)}亿 yuan` : n >= 10_000 ? `${figure(n / 10_000)}万 yuan` : `${figure(n)} yuan`);

/**
 * A warning when a money field's median (in yuan, after the unit applied) is implausible for its
 * table, naming the unit its figures were most likely written in; undefined when plausible.
 */
export function unitWarning(
  table: TableName,
  field: string,
  column: string,
  applied: MoneyUnit,
  median: number,
  count: number,
): LoadWarning | undefined {
  const range = PLAUSIBLE_MEDIANS[table]?.[field];
  if (!range || (median >= range.low && median <= range.high)) return undefined;
  const written = median / UNIT_FACTORS[applied];
  const fits = (unit: MoneyUnit) => written * UNIT_FACTORS[unit] >= range.low && written * UNIT_FACTORS[unit] <= range.high;
  // The nearest unit that makes it plausible: a smaller slip is likelier than a bigger one.
  const units = (Object.keys(UNIT_FACTORS) as MoneyUnit[]).filter(fits);
  const likely = median < range.low ? units[0] : units[units.length - 1];
  const guess = likely
    ? `likely written in ${UNIT_LABELS[likely]} (${likely}) but read as ${UNIT_LABELS[applied]} (${applied}): set units.${field} to ${UNIT_LABELS[likely]} or put (${UNIT_LABELS[likely]}) in the header`
    : `no unit makes it plausible: check the column`;
  return {
    kind: 'unit',
    table,
    row: null,
    column,
    field,
    expected: `a median ${field} between ${yuan(range.low)} and ${yuan(range.high)} (${range.why})`,
    got: `median ${yuan(median)} over ${count} positive value${count === 1 ? '' : 's'}: ${guess}`,
    count,
  };
}
