/**
 * Where the CPU went while a benchmark ran: this process (the client), its descendants (the local server: wrangler,
 * workerd) and the whole machine (anything else running counts there too). Linux; elsewhere the server and machine
 * figures are null.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { descendantsCpuSeconds } from './server';

export interface CpuShares {
  /** Cores' worth of CPU used on average (1 = one core busy throughout). */
  client: number;
  server: number | null;
  /** Share of all cores busy, 0–1. */
  machineBusy: number | null;
  cores: number;
}

/** Busy and total jiffies of all cores since boot, from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy, total: busy + idle! + iowait! };
  } catch {
    return null;
  }
}

/** Starts measuring; `stop()` gives the averages since. */
export function cpuMeter(): { stop(): CpuShares } {
  const started = performance.now();
  const client = process.cpuUsage();
  const server = descendantsCpuSeconds();
  const machine = machineTicks();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(client);
      const serverNow = descendantsCpuSeconds();
      const machineNow = machineTicks();
      return {
        client: (used.user + used.system) / 1e6 / seconds,
        server: server === null || serverNow === null ? null : (serverNow - server) / seconds,
        machineBusy: machine && machineNow ? (machineNow.busy - machine.busy) / Math.max(1, machineNow.total - machine.total) : null,
        cores: os.availableParallelism(),
      };
    },
  };
}

export function describeCpu(s: CpuShares): string {
  const cores = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} cores`);
  const machine = s.machineBusy === null ? 'n/a' : `${Math.round(s.machineBusy * 100)} % of ${s.cores} cores busy`;
  return `client (this process) ${cores(s.client)}, server ${cores(s.server)}; machine ${machine}`;
}
