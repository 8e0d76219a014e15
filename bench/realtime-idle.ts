// npm run bench:realtime-idle -- [--seconds N] [--rounds N]
//
// What the realtime outbox's drain (a query every 25 ms in every process, see
// docs/adr/0006-realtime-outbox.md) costs an idle server: the CPU of a server
// process doing nothing else, with the drain running and with it stopped, in
// alternating child processes. With DATABASE_URL (a database of its own,
// nothing else connected) the hub drains as shipped and the CPU of that
// database's backends is added. Without it, on PGlite (a fresh embedded
// database in a temporary directory, running inside the process), the hub does
// not poll; `on` runs the same drain on the same schedule from here, to show
// what polling would cost there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.ts';
import { openEmbedded, openServer } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { realtimeTuning } from '../src/server/realtime/realtime.hub.ts';
import { realtimeHubOf } from '../src/server/realtime/realtime.routes.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    drain: { type: 'string' },
  },
});
const url = process.env.DATABASE_URL;
const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU milliseconds used so far by the backends of this database (PostgreSQL only). */
async function backendCpuMs(query: (sql: string) => Promise<{ rows: { pid: number }[] }>) {
  const { rows } = await query(
    `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS);
    } catch {
      // the backend ended meanwhile
    }
  }
  return cpu;
}

async function child(drain: boolean) {
  if (!drain) realtimeTuning.drainMs = 2 ** 31 - 1;
  const dir = url ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-idle-'));
  const database = url ? await openServer(url, 10) : await openEmbedded(dir!);
  try {
    await migrate(database);
    const app = await buildApp({
      database,
      config: { sessionTtlHours: 12, bodyLimitBytes: 1 << 20 },
      logger: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    let polling = drain && !url;
    const poll = async () => {
      if (!polling) return;
      await realtimeHubOf(app)!.drain();
      setTimeout(() => void poll(), realtimeTuning.drainMs);
    };
    void poll();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const q = (sql: string) => database.query<{ pid: number }>(sql);
    const before = url ? await backendCpuMs(q) : new Map<number, number>();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // Sampled each second so a backend that ends meanwhile still counts.
    const last = new Map(before);
    for (let s = 0; s < Number(values.seconds); s++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (url) for (const [pid, ms] of await backendCpuMs(q)) last.set(pid, ms);
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const nodeMs = (cpu.user + cpu.system) / 1000;
    let backendMs = 0;
    for (const [pid, ms] of last) backendMs += ms - (before.get(pid) ?? 0);
    polling = false;
    await app.close();
    return {
      drain,
      node_cpu_percent: (nodeMs / wall) * 100,
      backend_cpu_percent: (backendMs / wall) * 100,
    };
  } finally {
    await database.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (values.drain === 'on' || values.drain === 'off') {
  console.log(JSON.stringify(await child(values.drain === 'on')));
} else {
  const rows = ['| round | drain | node CPU % | backend CPU % |', '| ---: | --- | ---: | ---: |'];
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const drain of r % 2 === 0 ? ['off', 'on'] : ['on', 'off']) {
      const out = spawnSync(
        process.execPath,
        [
          ...process.execArgv,
          fileURLToPath(import.meta.url),
          ...process.argv.slice(2),
          '--drain',
          drain,
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
      );
      if (out.status !== 0) throw new Error(`drain ${drain} run failed (${out.status})`);
      const res = JSON.parse(out.stdout.trim().split('\n').pop()!) as {
        node_cpu_percent: number;
        backend_cpu_percent: number;
      };
      rows.push(
        `| ${r + 1} | ${drain} | ${res.node_cpu_percent.toFixed(2)} | ${url ? res.backend_cpu_percent.toFixed(2) : '–'} |`,
      );
      console.error(rows.at(-1));
    }
  }
  console.log(rows.join('\n'));
}
