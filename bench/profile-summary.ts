// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by file/package, and the
// inclusive time of the engine's own functions. With --stalls: the longest busy stretches (no idle sample:
// the event loop never waited for I/O) and what ran in them — where a long event-loop stall is (an upper
// bound: work that yields every few ms between back-to-back requests shows as one stretch too).
// Usage: node --import tsx bench/profile-summary.ts <file> [top] [--stalls]
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const stalls = process.argv.includes('--stalls');
const [file, topArg] = process.argv.slice(2).filter((a) => a !== '--stalls');
if (!file) {
  process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [top] [--stalls]\n');
  process.exit(2);
}
// the checkout this file is in (the main one or a worktree)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..') + '/';
const top = Number(topArg ?? 25);
const p = JSON.parse(await readFile(file, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const i = url.indexOf(root);
  return i >= 0 ? url.slice(i + root.length) : url.replace(/^file:\/\//, '') || '(native)';
};
const label = (n: Node) =>
  `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const fnSelf = new Map<string, number>();
const fileSelf = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  fnSelf.set(label(n), (fnSelf.get(label(n)) ?? 0) + t);
  const f = short(n.callFrame.url);
  fileSelf.set(f, (fileSelf.get(f) ?? 0) + t);
}
// inclusive time of functions in the engine's own files (each sample counted once per function)
const incl = new Map<string, number>();
p.samples.forEach((id, i) => {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    if (!n.callFrame.url.includes(`${root}engine/`) && !n.callFrame.url.includes(`${root}bench/`)) continue;
    const l = label(n);
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
});

const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
const print = (title: string, m: Map<string, number>, n = top) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
    process.stdout.write(`${pct(t)} ${(t / 1000).toFixed(0).padStart(7)} ms  ${k}\n`);
};
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
if (stalls) printStalls(top);
else {
  print('self time by file / package', fileSelf, 15);
  print('self time by function', fnSelf);
  print('inclusive time, engine functions', incl);
}

/** The `n` longest runs of samples without an (idle) one, each with the functions that took most of it. */
function printStalls(n: number): void {
  const isIdle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';
  const runs: Array<{ from: number; to: number; us: number }> = [];
  let from = -1;
  let us = 0;
  p.samples.forEach((id, i) => {
    if (!isIdle(id)) {
      if (from < 0) [from, us] = [i, 0];
      us += p.timeDeltas[i + 1] ?? 0;
    } else if (from >= 0) {
      runs.push({ from, to: i, us });
      from = -1;
    }
  });
  if (from >= 0) runs.push({ from, to: p.samples.length, us });
  let t = p.startTime;
  const at = p.timeDeltas.map((d) => (t += d) - p.startTime);
  for (const r of runs.sort((a, b) => b.us - a.us).slice(0, n)) {
    const inRun = new Map<string, number>();
    for (let i = r.from; i < r.to; i++) {
      const seen = new Set<string>();
      for (let cur: number | undefined = p.samples[i]; cur !== undefined; cur = parent.get(cur)) {
        const l = label(byId.get(cur)!);
        if (seen.has(l)) continue;
        seen.add(l);
        inRun.set(l, (inRun.get(l) ?? 0) + (p.timeDeltas[i + 1] ?? 0));
      }
    }
    process.stdout.write(
      `\nbusy ${(r.us / 1000).toFixed(0)} ms from ${(at[r.from] / 1e6).toFixed(1)} s after the start\n`,
    );
    for (const [k, v] of [...inRun]
      .sort((a, b) => b[1] - a[1])
      .filter(([, v]) => v >= r.us / 20)
      .slice(0, 20))
      process.stdout.write(`${(v / 1000).toFixed(0).padStart(7)} ms  ${k}\n`);
  }
}
