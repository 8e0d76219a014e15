import { describe, expect, it } from 'vitest';
import { applyReplacement, checkDraft } from './engine.ts';
import type { CheckName, CoachContext, CoachLanguage, Finding } from './types.ts';

function check(draft: string, context: CoachContext, language?: CoachLanguage) {
  return checkDraft(draft, { rules: [], language, context }).findings;
}
const only = (findings: Finding[], kind: CheckName) => findings.filter((f) => f.kind === kind);

describe('introduction check', () => {
  const first: CoachContext = { isFirstReply: true, agentName: 'Ana García', agentTeam: 'Soporte' };

  it('asks for the agent’s name in the first reply, after the greeting, in the draft’s language', () => {
    const draft = 'Hola, Lucía:\nSu pedido sale hoy.';
    const [f] = only(check(draft, first, 'es'), 'introduction');
    expect(f).toMatchObject({ ruleId: 'check.introduction', policy: 'warn', start: 12, end: 12 });
    expect(f!.explanation).toMatch(/^Es su primera respuesta/);
    expect(applyReplacement(draft, f!.replace!)).toBe(
      'Hola, Lucía:\nSoy Ana García, del equipo de Soporte.\nSu pedido sale hoy.',
    );
  });

  it('puts the introduction first when there is no greeting', () => {
    const draft = 'Your order ships today.';
    const [f] = only(check(draft, { isFirstReply: true, agentName: 'Ana' }, 'en'), 'introduction');
    expect(applyReplacement(draft, f!.replace!)).toBe('My name is Ana. Your order ships today.');
  });

  it('is satisfied by the agent’s name anywhere, in any case or inflection', () => {
    expect(only(check('Hello, Ana here. It ships today.', first, 'en'), 'introduction')).toEqual(
      [],
    );
    expect(
      only(check('Szia! GARCÍA Anát keresse, ha kérdése van.', first, 'hu'), 'introduction'),
    ).toEqual([]);
    const ru = { isFirstReply: true, agentName: 'Мария' };
    expect(
      only(check('Здравствуйте! Это Мария, отдел доставки.', ru, 'ru'), 'introduction'),
    ).toEqual([]);
  });

  it('looks for "my name is" when the agent’s name is not known, and offers no text to insert', () => {
    expect(
      only(check('Меня зовут Ольга. Заказ в пути.', { isFirstReply: true }, 'ru'), 'introduction'),
    ).toEqual([]);
    const [f] = only(check('Заказ в пути.', { isFirstReply: true }, 'ru'), 'introduction');
    expect(f?.rewrite).toBe('Меня зовут ….');
    expect(f?.replace).toBeUndefined();
  });

  it('is not asked after the first reply, nor when switched off', () => {
    expect(
      only(check('It ships today.', { ...first, isFirstReply: false }, 'en'), 'introduction'),
    ).toEqual([]);
    expect(
      only(
        check('It ships today.', { ...first, checks: { introduction: 'off' } }, 'en'),
        'introduction',
      ),
    ).toEqual([]);
  });
});

describe('client name check', () => {
  it('accepts the name inflected: Russian, Kazakh and Hungarian endings', () => {
    expect(
      only(
        check(
          'Анне мы уже отправили заказ.',
          { isFirstReply: true, clientName: 'Анна Петрова' },
          'ru',
        ),
        'client-name',
      ),
    ).toEqual([]);
    expect(
      only(
        check('Айгүлге сәлем!', { isFirstReply: true, clientName: 'Айгүл Сейітова' }, 'kk'),
        'client-name',
      ),
    ).toEqual([]);
    expect(
      only(
        check('Eszternek küldtük.', { isFirstReply: true, clientName: 'Nagy Eszter' }, 'hu'),
        'client-name',
      ),
    ).toEqual([]);
  });

  it('adds the given name after the greeting (family name first in Hungarian)', () => {
    const hu = 'Kedves!\nA csomag úton van.';
    const [f] = only(
      check(hu, { isFirstReply: true, clientName: 'Nagy Eszter', clientLanguage: 'hu' }, 'hu'),
      'client-name',
    );
    expect(f!.explanation).toBe('Szólítsa meg az ügyfelet a nevén: Eszter.');
    expect(applyReplacement(hu, f!.replace!)).toBe('Kedves Eszter!\nA csomag úton van.');

    const ru = 'Здравствуйте! Заказ в пути.';
    const [g] = only(
      check(ru, { isFirstReply: true, clientName: 'Анна Петрова' }, 'ru'),
      'client-name',
    );
    expect(applyReplacement(ru, g!.replace!)).toBe('Здравствуйте, Анна! Заказ в пути.');
  });

  it('opens with a greeting by name when the draft has none', () => {
    const draft = 'Comanda a plecat azi.';
    const [f] = only(
      check(draft, { isFirstReply: true, clientName: 'Ioana Pop' }, 'ro'),
      'client-name',
    );
    expect(f).toMatchObject({ policy: 'hint', start: 0, end: 0 });
    expect(applyReplacement(draft, f!.replace!)).toBe('Bună ziua, Ioana! Comanda a plecat azi.');
  });

  it('applies to every email but only to the first chat reply, and only when the name is known', () => {
    const draft = 'It ships today.';
    expect(
      only(check(draft, { clientName: 'Lucía Fernández', channel: 'email' }, 'en'), 'client-name'),
    ).toHaveLength(1);
    expect(
      only(check(draft, { clientName: 'Lucía Fernández', channel: 'chat' }, 'en'), 'client-name'),
    ).toEqual([]);
    expect(only(check(draft, { isFirstReply: true }, 'en'), 'client-name')).toEqual([]);
  });
});

describe('jargon check', () => {
  const jargon = [
    { term: 'SLA', plain: 'the time we promised' },
    { term: 'L2' },
    'ticket*',
    { term: 'тикет*', language: 'ru' as const },
  ];

  it('finds the workspace’s terms as whole words, with endings, and offers the plain words', () => {
    const draft =
      'Your tickets went to L2; the SLA is 8 hours. A slalom is not jargon, nor is L20.';
    const found = only(check(draft, { jargon }, 'en'), 'jargon');
    expect(found.map((f) => f.text)).toEqual(['tickets', 'L2', 'SLA']);
    const sla = found[2]!;
    expect(sla.explanation).toBe(
      '“SLA” is internal jargon the client may not understand. Say “the time we promised” instead.',
    );
    expect(applyReplacement(draft, sla.replace!)).toContain('the time we promised is 8 hours');
    expect(found[1]!.replace).toBeUndefined();
  });

  it('keeps a term to its language when it has one', () => {
    expect(only(check('Ваш тикет закрыт.', { jargon }, 'ru'), 'jargon').map((f) => f.text)).toEqual(
      ['тикет'],
    );
    expect(only(check('тикет', { jargon }, 'en'), 'jargon')).toEqual([]);
  });

  it('takes the policy from the context', () => {
    const [f] = only(
      check('See the SLA.', { jargon, checks: { jargon: 'block' } }, 'en'),
      'jargon',
    );
    expect(f?.policy).toBe('block');
    expect(
      only(check('See the SLA.', { jargon, checks: { jargon: 'off' } }, 'en'), 'jargon'),
    ).toEqual([]);
  });
});
