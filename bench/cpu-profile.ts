// CPU profiles of a bench's timed part, and where their time went.
//   startCpuProfile() … stop(dir, name): a V8 CPU profile (the same as node --cpu-prof, without
//   start-up) written to dir/name-<pid>.cpuprofile.
//   npx tsx bench/cpu-profile.ts FILE [--top N]: busy time by package and by function (self
//   time), and the inclusive time of the functions named with --inclusive a,b,c.
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Starts sampling this process's CPU; stop() writes the profile and returns its path. */
export async function startCpuProfile(): Promise<{
  stop(dir: string, name: string): Promise<string>;
}> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(dir, name) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}-${process.pid}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

const IDLE = new Set(['(idle)', '(program)']);

/** The package (or our source folder) a frame's script belongs to. */
function packageOf(url: string): string {
  if (!url) return '(native: GC, socket writes, regexps…)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const s = /\/(src|bench)\/(.*)$/.exec(url);
  if (s) return `${s[1]}/${s[2]!.split('/').slice(0, -1).join('/')}`;
  return url;
}

function frameName(n: ProfileNode): string {
  const cf = n.callFrame;
  const where = cf.url.replace(/.*node_modules\//, '').replace(/.*\/(src|bench)\//, '$1/');
  return `${cf.functionName || '(anonymous)'} ${where}:${cf.lineNumber + 1}`;
}

/** Busy time (idle excluded) by package and by function, and inclusive time of named functions. */
export function summariseCpuProfile(profile: Profile, top: number, inclusive: string[]): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  let busy = 0;
  let idle = 0;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const within = new Map<string, number>(inclusive.map((f) => [f, 0]));
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    if (IDLE.has(n.callFrame.functionName)) {
      idle += t;
      continue;
    }
    busy += t;
    const pkg = packageOf(n.callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
    const fn = frameName(n);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    // Inclusive: counted once per sample for each named function on its stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)!.callFrame.functionName;
      if (within.has(name) && !seen.has(name)) {
        seen.add(name);
        within.set(name, within.get(name)! + t);
      }
    }
  }
  const ms = (t: number) => `${(t / 1000).toFixed(0).padStart(6)} ms`;
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  const lines = [`busy ${ms(busy)}, idle ${ms(idle)}`, '', 'by package (self time):'];
  for (const [k, t] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25))
    lines.push(`${pct(t)} ${ms(t)}  ${k}`);
  lines.push('', 'by function (self time):');
  for (const [k, t] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`${pct(t)} ${ms(t)}  ${k}`);
  if (inclusive.length) {
    lines.push('', 'inclusive (the function and what it calls):');
    for (const [k, t] of within) lines.push(`${pct(t)} ${ms(t)}  ${k}`);
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '40' }, inclusive: { type: 'string' } },
  });
  for (const file of positionals) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
    const names = values.inclusive ? values.inclusive.split(',') : [];
    process.stdout.write(
      `# ${file}\n${summariseCpuProfile(profile, Number(values.top), names).join('\n')}\n\n`,
    );
  }
}
