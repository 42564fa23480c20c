/**
 * The demo's "branches": one synthetic data set each (different seeds and sizes), generated at
 * build time by demo/generate-data.ts into demo/public/data/<code>/ (gitignored).
 */
export interface BranchDataset {
  /** Folder under data/ and the value of the branch switcher. */
  code: string;
  /** What the switcher shows. */
  name: string;
  nameEn: string;
  seed: number;
  loanRows: number;
  asOf: string;
}

export const BRANCH_DATASETS: readonly BranchDataset[] = [
  { code: 'branch-0101', name: '长春分行', nameEn: 'Changchun branch', seed: 101, loanRows: 40_000, asOf: '2024-12-31' },
  { code: 'branch-0202', name: '吉林分行', nameEn: 'Jilin branch', seed: 202, loanRows: 70_000, asOf: '2024-12-31' },
  { code: 'branch-0303', name: '延边分行', nameEn: 'Yanbian branch', seed: 303, loanRows: 100_000, asOf: '2024-11-30' },
];

/** The manifest's URL for a data set, relative to a demo page. */
export function manifestUrl(code: string): string {
  return `data/${code}/manifest.json`;
}
