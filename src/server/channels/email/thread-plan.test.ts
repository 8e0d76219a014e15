import { describe, expect, it } from 'vitest';
import {
  planEmailThreads,
  type EmailToThread,
  type LockedConversation,
  type ThreadFacts,
} from './thread-plan.ts';

// The in-memory threading of a batch decides, for each email, what one-by-one
// ingestion would have decided with the batch's earlier emails already stored.

const email = (e: Partial<EmailToThread> & { messageId: string }): EmailToThread => ({
  threadIds: [],
  sender: 'ana@client.test',
  subjectKey: '',
  openedSubjectKey: '',
  ...e,
});

const facts = (f: Partial<ThreadFacts> = {}): ThreadFacts => ({
  stored: new Map(),
  acknowledged: new Map(),
  byNumber: new Map(),
  clientOf: new Map(),
  recent: new Map(),
  locked: new Map(),
  ...f,
});

const open = (clientId: string, subjectKey: string, status = 'open'): LockedConversation => ({
  status,
  clientId,
  channel: 'email',
  subjectKey,
});

describe('planEmailThreads', () => {
  it('threads a new sender’s follow-up and reply into the conversation its first email opens', () => {
    const { plans, toLock } = planEmailThreads(
      [
        email({ messageId: 'a', subjectKey: 'kettle', openedSubjectKey: 'kettle' }),
        email({ messageId: 'b', subjectKey: 'kettle', openedSubjectKey: 'kettle' }),
        email({ messageId: 'c', threadIds: ['a'], subjectKey: 'photos' }),
        // Another sender's email with that subject is not theirs.
        email({ messageId: 'd', sender: 'bob@client.test', subjectKey: 'kettle' }),
      ],
      facts(),
    );
    expect(plans).toEqual([
      { kind: 'new' },
      { kind: 'thread', openedBy: 0 },
      { kind: 'thread', openedBy: 0 },
      { kind: 'new' },
    ]);
    expect(toLock).toEqual([]);
  });

  it('knows a Message-ID stored before or earlier in the batch', () => {
    const { plans } = planEmailThreads(
      [
        email({ messageId: 'old' }),
        email({ messageId: 'x' }),
        email({ messageId: 'x', sender: 'other@client.test' }),
      ],
      facts({ stored: new Map([['old', { id: '7', conversationId: '70' }]]) }),
    );
    expect(plans).toEqual([
      { kind: 'duplicate', messageId: '7', conversationId: '70' },
      { kind: 'new' },
      { kind: 'duplicate', ofEmail: 1 },
    ]);
  });

  it('prefers the latest message: the batch’s, then the stored one with the highest id, then an acknowledgement', () => {
    const stored = new Map([
      ['p1', { id: '10', conversationId: '100' }],
      ['p2', { id: '20', conversationId: '200' }],
    ]);
    const locked = new Map([
      ['100', open('1', 'x')],
      ['200', open('1', 'y')],
      ['300', open('1', 'z')],
    ]);
    const { plans } = planEmailThreads(
      [
        email({ messageId: 'm1', threadIds: ['p1', 'p2'] }),
        email({ messageId: 'm2', threadIds: ['ack'] }),
        email({ messageId: 'm3', sender: 'new@client.test' }),
        email({ messageId: 'm4', threadIds: ['p2', 'm3'] }),
      ],
      facts({ stored, locked, acknowledged: new Map([['ack', '300']]) }),
    );
    expect(plans).toEqual([
      { kind: 'thread', conversationId: '200' },
      { kind: 'thread', conversationId: '300' },
      { kind: 'new' },
      { kind: 'thread', openedBy: 2 },
    ]);
  });

  it('asks to lock a stored conversation before it counts, and opens a new one when it is closed', () => {
    const emails = [
      email({ messageId: 'r', threadIds: ['p'], openedSubjectKey: 're old' }),
      email({ messageId: 's', subjectKey: 're old' }),
    ];
    const f = facts({ stored: new Map([['p', { id: '5', conversationId: '50' }]]) });
    const first = planEmailThreads(emails, f);
    expect(first.toLock).toEqual(['50']);
    f.locked.set('50', open('1', 'old', 'closed'));
    const second = planEmailThreads(emails, f);
    expect(second).toEqual({
      plans: [{ kind: 'new' }, { kind: 'thread', openedBy: 0 }],
      toLock: [],
    });
    // Gone (deleted) is as closed.
    f.locked.set('50', null);
    expect(planEmailThreads(emails, f).plans[0]).toEqual({ kind: 'new' });
  });

  it('matches subjects among the client’s recent conversations, latest first, by any of its addresses', () => {
    const f = facts({
      clientOf: new Map([
        ['ana@client.test', '1'],
        ['ana@work.test', '1'],
      ]),
      recent: new Map([
        [
          '1',
          [
            { id: '11', subjectKey: 'order' },
            { id: '12', subjectKey: 'order' },
          ],
        ],
      ]),
      locked: new Map([
        ['11', open('1', 'order')],
        ['12', open('1', 'order')],
      ]),
    });
    const { plans } = planEmailThreads(
      [
        email({ messageId: 'a', sender: 'ana@work.test', subjectKey: 'order' }),
        email({ messageId: 'b', subjectKey: 'invoice', openedSubjectKey: 'invoice' }),
        email({ messageId: 'c', sender: 'ana@work.test', subjectKey: 'invoice' }),
      ],
      f,
    );
    expect(plans).toEqual([
      { kind: 'thread', conversationId: '11' },
      { kind: 'new' },
      { kind: 'thread', openedBy: 1 },
    ]);
  });

  it('an old conversation a reply revives becomes recent for the emails after it', () => {
    // Conversation 90 is older than the subject window (not in recent), reached by Message-ID.
    const f = facts({
      clientOf: new Map([['ana@client.test', '1']]),
      stored: new Map([['p', { id: '9', conversationId: '90' }]]),
      recent: new Map([['1', [{ id: '91', subjectKey: 'other' }]]]),
      locked: new Map([['90', open('1', 'warranty')]]),
    });
    const { plans, toLock } = planEmailThreads(
      [
        email({ messageId: 'a', threadIds: ['p'] }),
        email({ messageId: 'b', subjectKey: 'warranty' }),
        email({ messageId: 'c', subjectKey: '[#12] anything' }),
      ],
      { ...f, byNumber: new Map([[2, '91']]) },
    );
    expect(plans.slice(0, 2)).toEqual([
      { kind: 'thread', conversationId: '90' },
      { kind: 'thread', conversationId: '90' },
    ]);
    // "[#number]" names the sender's conversation 91, which is then locked first.
    expect(plans[2]).toEqual({ kind: 'thread', conversationId: '91' });
    expect(toLock).toEqual(['91']);
  });
});
