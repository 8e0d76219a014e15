// A private Dovecot IMAP server for a test run: its own configuration, users
// and maildirs in a temporary folder, on a free port on loopback, plain-text
// login (no TLS). Needs Debian's dovecot-imapd (`.ci/run` installs it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

const BINARY = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => fs.existsSync(p));

const MISSING = 'dovecot is not installed (apt-get install -y dovecot-imapd)';
// CI must run them: there a missing server is a failure, not a skip.
if (!BINARY && process.env.CI) throw new Error(`${MISSING}: .ci/run installs it`);

/** Why Dovecot tests cannot run here, or null when they can. */
export const dovecotMissing: string | null = BINARY ? null : `${MISSING}: IMAP tests skipped`;

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** An imapflow client logged in as the test user (the caller logs out). */
  connect(): Promise<ImapFlow>;
  /**
   * Appends a raw message to the folder (created if missing), with this
   * arrival date (INTERNALDATE; default now); returns its UID.
   */
  append(raw: string | Buffer, folder?: string, arrived?: Date): Promise<number>;
  /**
   * Deletes the folder's maildir and recreates it, so it gets a new
   * UIDVALIDITY (as a server does after a restore), with these messages.
   */
  recreateFolder(folder: string, messages: (string | Buffer)[]): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`dovecot exited (${child.exitCode}): ${readLog(log)}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}: ${readLog(log)}`);
}

function readLog(file: string) {
  try {
    return fs.readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
}

/** Starts Dovecot; call stop() in afterAll. */
export async function startDovecot(): Promise<Dovecot> {
  if (!BINARY) throw new Error(dovecotMissing!);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-dovecot-'));
  const port = await freePort();
  const user = 'client';
  const password = 'imap-secret';
  const isRoot = process.getuid?.() === 0;
  const me = os.userInfo();
  // Mail is never owned by root: as root, it belongs to nobody; otherwise to us.
  const mailUid = isRoot ? 65534 : me.uid;
  const mailGid = isRoot ? 65534 : me.gid;
  const mailRoot = path.join(dir, 'mail');
  fs.mkdirSync(mailRoot, { recursive: true });
  fs.chmodSync(dir, 0o755);
  if (isRoot) fs.chownSync(mailRoot, mailUid, mailGid);
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  fs.chmodSync(path.join(dir, 'users'), 0o644);
  const log = path.join(dir, 'dovecot.log');
  const loginUser = isRoot ? 'dovenull' : me.username;
  const internalUser = isRoot ? 'dovecot' : me.username;
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = rapport-test-${port}
log_path = ${log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${loginUser}
default_internal_user = ${internalUser}
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${mailRoot}/%u
}
mail_location = maildir:~/Maildir
service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(conf, config);
  const child = spawn(BINARY, ['-F', '-c', conf], { stdio: 'ignore' });
  await waitForPort(port, child, log);

  const connect = async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    });
    await client.connect();
    return client;
  };
  const ensureFolder = async (client: ImapFlow, folder: string) => {
    if (folder.toUpperCase() === 'INBOX') return;
    const list = await client.list();
    if (!list.some((f) => f.path === folder)) await client.mailboxCreate(folder);
  };

  const uidValidityOf = async (folder: string) => {
    const client = await connect();
    try {
      await ensureFolder(client, folder);
      const status = await client.status(folder, { uidValidity: true });
      return status ? status.uidValidity?.toString() : undefined;
    } finally {
      await client.logout();
    }
  };
  const recreateOnce = async (folder: string) => {
    const client = await connect();
    try {
      if (folder.toUpperCase() === 'INBOX') {
        // INBOX cannot be deleted: remove its maildir files (new UIDVALIDITY on next open).
        await client.logout();
        const inbox = path.join(mailRoot, user, 'Maildir');
        for (const f of [
          'dovecot-uidlist',
          'dovecot.index',
          'dovecot.index.cache',
          'dovecot.index.log',
        ]) {
          fs.rmSync(path.join(inbox, f), { force: true });
        }
        for (const sub of ['cur', 'new']) {
          const d = path.join(inbox, sub);
          for (const f of fs.existsSync(d) ? fs.readdirSync(d) : []) fs.rmSync(path.join(d, f));
        }
      } else {
        await client.mailboxDelete(folder).catch(() => {});
        await client.mailboxCreate(folder);
        await client.logout();
      }
    } catch (err) {
      await client.logout().catch(() => {});
      throw err;
    }
  };

  const dovecot: Dovecot = {
    host: '127.0.0.1',
    port,
    user,
    password,
    connect,
    async append(raw, folder = 'INBOX', arrived) {
      const client = await connect();
      try {
        await ensureFolder(client, folder);
        const res = await client.append(folder, raw, [], arrived);
        if (!res || !res.uid) throw new Error('APPEND returned no UID');
        return res.uid;
      } finally {
        await client.logout();
      }
    },
    async recreateFolder(folder, messages) {
      // Dovecot derives a new folder's UIDVALIDITY from the clock in seconds:
      // recreated within the same second, it may keep the old one. Recreate
      // until it differs (what the tests need), then append.
      const before = await uidValidityOf(folder);
      for (let i = 0; ; i++) {
        await recreateOnce(folder);
        const after = await uidValidityOf(folder);
        if (after !== before) break;
        if (i >= 20) throw new Error(`the UIDVALIDITY of ${folder} stays ${before}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      for (const m of messages) await dovecot.append(m, folder);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      // The configuration names nothing outside dir, so removing it is all.
      spawnSync('rm', ['-rf', dir]);
    },
  };
  return dovecot;
}
