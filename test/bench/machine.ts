/** The machine a bench runs on, and how busy it was during each phase (it is shared). */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { CHROMIUM_PATH } from '../helpers/chromium.mjs';

export function machine() {
  const cpu = cpus();
  let chromiumVersion = 'unknown';
  try {
    chromiumVersion = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Reported as unknown.
  }
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    chromium: chromiumVersion,
  };
}

export interface PhaseLoad {
  phase: string;
  before: number[];
  after: number[];
}

/** Samples the load average at each phase's start; the previous phase ends there. `start(null)` ends the last. */
export function phaseLoads() {
  const list: PhaseLoad[] = [];
  return {
    list,
    start(phase: string | null) {
      const now = loadavg().map((n) => Math.round(n * 100) / 100);
      const last = list.at(-1);
      if (last) last.after = now;
      if (phase) list.push({ phase, before: now, after: now });
    },
  };
}
