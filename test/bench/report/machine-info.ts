import { cpus, loadavg, platform, release, totalmem, tmpdir } from 'node:os';

export interface MachineInfo {
  node: string;
  v8: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryMiB: number;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews figures. */
  loadAverage: number[];
  tmpdir: string;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${release()}`,
    arch: process.arch,
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    totalMemoryMiB: Math.round(totalmem() / 2 ** 20),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    tmpdir: tmpdir(),
  };
}
