import type { CampaignRow, Strata } from '@strata/sdk';

/**
 * The campaign a metric reported as not started: the one named, else the SDK's default. That
 * default is the campaign running at the reference date, else the latest to end; a campaign that
 * has not started is not running, so it is the latest to end (ties by id, as the SDK orders them).
 * Its start date is what a view says instead of a pace.
 */
export async function campaignNotStarted(strata: Strata, id: string | undefined, signal: AbortSignal): Promise<CampaignRow | undefined> {
  const campaigns = await strata.campaigns({ signal });
  if (id) return campaigns.find((c) => c.campaign_id === id);
  const byId = (a: CampaignRow, b: CampaignRow) => (a.campaign_id < b.campaign_id ? -1 : a.campaign_id > b.campaign_id ? 1 : 0);
  return [...campaigns].sort((a, b) => b.end_date.localeCompare(a.end_date) || byId(a, b))[0];
}
