/**
 * Why a row is on a list, in words (the lists' shape step): written from the row's own figures and
 * the thresholds the list used, in Chinese and in English, so that a manager reads what was tested.
 */
import type { Rules } from '../rules.ts';
import type { ListPreset } from './list-names.ts';
import type { MarketingListRow } from './lists.ts';

/** Words for the owner levels and posts (managers.role). */
const POSTS: Record<string, [string, string]> = {
  relationship_manager: ['客户经理', 'a relationship manager'],
  wealth_manager: ['理财经理', 'a wealth manager'],
  team_lead: ['团队长', 'a team lead'],
  sub_branch_head: ['支行行长', 'the sub-branch head'],
  deputy_head: ['副行长', 'a deputy head'],
  branch_head: ['分行行长', 'the branch head'],
};
const post = (code: string | null, en: boolean) => (code === null ? (en ? 'nobody' : '无') : (POSTS[code]?.[en ? 1 : 0] ?? code));

const TIERS: Record<string, [string, string]> = {
  corp_gold: ['对公黄金', 'corporate gold'],
  corp_high_end: ['对公高端', 'corporate high-end'],
  corp_mid: ['对公中端', 'corporate mid'],
  corp_general: ['对公一般', 'corporate general'],
  retail_high_end: ['零售高端', 'retail high-end'],
  retail_potential: ['零售潜力', 'retail potential'],
  retail_general: ['零售一般', 'retail general'],
};
const tier = (code: string | null, en: boolean) => (code === null ? '' : (TIERS[code]?.[en ? 1 : 0] ?? code));

const STAGES: Record<string, [string, string]> = {
  identified: ['已识别', 'identified'],
  contacted: ['已接触', 'contacted'],
  follow_up: ['跟进中', 'in follow-up'],
  applied: ['已申请', 'applied'],
  approved: ['已批待放', 'approved, not yet disbursed'],
};

/** Whole yuan with thousands separators: the same text in both languages. */
const yuan = (value: number | null) => (value === null ? '—' : Math.round(value).toLocaleString('en-US'));

export interface ReasonContext {
  rules: Rules;
  /** The days the list was asked with (maturing, overdue_leads), if any. */
  days: number | undefined;
}

/** The reason of one row, [Chinese, English]. */
export function listReason(preset: ListPreset | undefined, row: Omit<MarketingListRow, 'reason' | 'reason_en'>, at: ReasonContext): [string, string] {
  const t = at.rules.lists;
  switch (preset) {
    case undefined:
      return ['符合所选条件', 'Matches the selected conditions'];
    case 'mortgage_without_consumer':
      return [`存量按揭客户（贷款余额${yuan(row.loan_balance)}元），无消费贷`, `Mortgage customer (loans ${yuan(row.loan_balance)} yuan) without a consumer loan`];
    case 'wealth_without_loan':
      return [
        `金融资产${yuan(row.aum)}元、日均存款${yuan(row.deposits_avg)}元（≥${yuan(t.wealthAum)}元），无贷款`,
        `AUM ${yuan(row.aum)} yuan, daily deposits ${yuan(row.deposits_avg)} yuan (≥ ${yuan(t.wealthAum)}), no loan`,
      ];
    case 'card_without_loan':
      return ['信用卡客户，无贷款', 'Card holder without a loan'];
    case 'maturing':
      return [`贷款将于${row.next_maturity}到期（${row.days_to_maturity}天后）`, `A loan matures on ${row.next_maturity} (in ${row.days_to_maturity} days)`];
    case 'paid_off_good':
      return ['贷款已结清，历史各月均为正常类', 'Loans paid off, classed pass in every month'];
    case 'no_loan':
      return [`存量无贷户：日均存款${yuan(row.deposits_avg)}元、金融资产${yuan(row.aum)}元`, `Existing customer without a loan: daily deposits ${yuan(row.deposits_avg)} yuan, AUM ${yuan(row.aum)} yuan`];
    case 'large_borrowers':
      return [`贷款余额${yuan(row.loan_balance)}元（≥${yuan(t.largeBorrower)}元）`, `Loans ${yuan(row.loan_balance)} yuan (≥ ${yuan(t.largeBorrower)})`];
    case 'payroll_unit':
      return [`代发单位${row.employer_name ?? ''}的员工`, `Employee of payroll unit ${row.employer_name ?? ''}`];
    case 'merchants':
      return [`收单商户，${t.activeDays}天内有交易`, `Acquiring merchant, active within ${t.activeDays} days`];
    case 'overdue_leads': {
      const stage = STAGES[row.stage ?? ''] ?? [row.stage ?? '', row.stage ?? ''];
      const days = at.days ?? 14;
      return [`线索${row.lead_id}${stage[0]}，${row.idle_days}天未更新（超过${days}天）`, `Lead ${row.lead_id} ${stage[1]}, not updated for ${row.idle_days} days (over ${days})`];
    }
    case 'behind_cadence': {
      const cadence = at.rules.cadence[row.tier as keyof Rules['cadence']];
      return row.days_since_contact === null
        ? [`${tier(row.tier, false)}客户应每${cadence}天跟进，从未跟进`, `A ${tier(row.tier, true)} customer is due a contact every ${cadence} days, never contacted`]
        : [`${tier(row.tier, false)}客户应每${cadence}天跟进，已${row.days_since_contact}天未跟进`, `A ${tier(row.tier, true)} customer is due a contact every ${cadence} days, last ${row.days_since_contact} days ago`];
    }
    case 'handoff':
      return [
        `${tier(row.tier, false)}客户应由${post(row.tier_owner, false)}负责，现由${post(row.manager_role, false)}维护`,
        `A ${tier(row.tier, true)} customer is owned by ${post(row.tier_owner, true)}, now served by ${post(row.manager_role, true)}`,
      ];
  }
}
