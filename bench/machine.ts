/** The machine a result was measured on: printed with every table, since numbers mean nothing without it. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
}

export function describeMachine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpu = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: os.cpus() is the next best.
  }
  return {
    cpu,
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

export function machineRows(m: Machine): [string, string][] {
  return [
    ['CPU', m.cpu],
    ['cores', String(m.cores)],
    ['RAM', `${m.ramGiB} GiB`],
    ['Node', m.node],
    ['OS', m.os],
    // The machine may be shared: other work running during a benchmark shows up here.
    ['load average (1/5/15 min)', os.loadavg().map((l) => l.toFixed(2)).join(' / ')],
    ['CPU pressure (some, avg 60/300 s)', cpuPressure()],
  ];
}

/** Linux PSI: the share of time some runnable task waited for a CPU. High means results are inflated by contention. */
function cpuPressure(): string {
  try {
    const some = readFileSync('/proc/pressure/cpu', 'utf8').split('\n').find((l) => l.startsWith('some'));
    const field = (name: string) => some?.match(new RegExp(`${name}=([\\d.]+)`))?.[1];
    return some ? `${field('avg60')}% / ${field('avg300')}%` : 'n/a';
  } catch {
    return 'n/a';
  }
}
