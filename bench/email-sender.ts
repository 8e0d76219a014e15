// The SMTP client of bench/email-ingest.ts, in a process of its own: composes the mix
// of new requests, replies and follow-ups first (MIME, as a sending server has it
// ready in its queue), says it is ready, and on "go" sends them over pooled
// connections, then says so with the CPU the sending took.
import nodemailer from 'nodemailer';

const {
  port,
  messages: N,
  connections,
  run,
  to,
} = JSON.parse(process.env.BENCH_SENDER ?? '{}') as {
  port: number;
  messages: number;
  connections: number;
  run: string;
  to: string;
};

const LOREM =
  'Hello, I ordered a kettle last week and it still has not arrived. The tracking page says ' +
  'it left the warehouse on Monday. Could you tell me when it will be delivered? Thank you.';

function message(i: number, run: string, to: string) {
  const id = `<bench-${run}-${i}@client.bench>`;
  const kind = i < 50 ? 'new' : i % 20 < 12 ? 'new' : i % 20 < 17 ? 'reply' : 'follow-up';
  if (kind === 'new') {
    return {
      from: `Client ${i} <c${i}-${run}@client.bench>`,
      to,
      subject: `Order ${i} has not arrived`,
      text: `${LOREM}\n\nClient ${i}`,
      html: `<div dir="ltr"><p>${LOREM}</p><p style="color:#333">Client ${i}</p><img src="https://tracker.example/p.gif" width="1" height="1"></div>`,
      messageId: id,
    };
  }
  // A reply to (or a follow-up after) an earlier new request, from its sender.
  let parent = i - 20;
  while (parent >= 50 && parent % 20 >= 12) parent -= 20;
  const parentId = `<bench-${run}-${parent}@client.bench>`;
  const from = `Client ${parent} <c${parent}-${run}@client.bench>`;
  if (kind === 'reply') {
    return {
      from,
      to,
      subject: `Re: Order ${parent} has not arrived`,
      text: `Any news?\n\nOn Mon, 30 Nov 2026 at 09:15, Support <${to}> wrote:\n> We are looking into it.\n> ${LOREM}`,
      html: `<div>Any news?</div><div class="gmail_quote"><div>On Mon, 30 Nov 2026 at 09:15 Support wrote:</div><blockquote class="gmail_quote">We are looking into it.<br>${LOREM}</blockquote></div>`,
      messageId: id,
      inReplyTo: parentId,
      references: [parentId],
    };
  }
  return {
    from,
    to,
    subject: `RE: Order ${parent} has not arrived`,
    text: 'Hello again?',
    messageId: id,
  };
}

// Composed before the clock starts: building MIME is the sender's work, not Rapport's.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
const composed: { envelope: { from: string; to: string[] }; raw: Buffer }[] = [];
for (let i = 0; i < N; i++) {
  const info = await composer.sendMail(message(i, run, to));
  composed.push({
    envelope: { from: info.envelope.from || '', to: info.envelope.to },
    raw: info.message as Buffer,
  });
}
await new Promise<void>((resolve) => {
  process.once('message', () => resolve());
  process.send!({ ready: true });
});
const cpuAtGo = process.cpuUsage();

const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port,
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: connections,
  maxMessages: Infinity,
});
let inFlight = 0;
let next = 0;
// Keep every pooled connection busy (the pool queues what it cannot send yet).
await new Promise<void>((resolve, reject) => {
  const pump = () => {
    while (inFlight < connections * 2 && next < N) {
      const m = composed[next++]!;
      inFlight++;
      transport.sendMail(m).then(() => {
        inFlight--;
        if (next >= N && inFlight === 0) resolve();
        else pump();
      }, reject);
    }
  };
  pump();
});
transport.close();
// With what sending cost this process, so the bench can tell the client's CPU from Rapport's.
const cpu = process.cpuUsage(cpuAtGo);
process.send!({ accepted: true, cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
