/** The machine the benches run on: how busy it was. */
import { cpus } from 'node:os';

/** The share of all CPU time of the machine spent busy since `before` (from `os.cpus()`). */
export function machineBusy(before: ReturnType<typeof cpus>): number {
  let busy = 0;
  let total = 0;
  cpus().forEach((cpu, i) => {
    const t0 = before[i]?.times;
    if (!t0) return;
    const idle = cpu.times.idle - t0.idle;
    const all = Object.values(cpu.times).reduce((a, b) => a + b, 0) - Object.values(t0).reduce((a, b) => a + b, 0);
    busy += all - idle;
    total += all;
  });
  return total > 0 ? busy / total : NaN;
}
