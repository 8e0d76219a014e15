import { describe, expect, it } from 'vitest';
import {
  CANNED_VARIABLES,
  findUnknownVariables,
  findVariables,
  firstNameOf,
  formatCannedDate,
  renderCanned,
} from './variables.ts';

describe('canned response variables', () => {
  it('fills every known variable, with or without spaces inside the braces', () => {
    const body =
      'Hola {{client.first_name}}, soy {{ agent.name }} ({{agent.team}}), caso #{{conversation.number}}.';
    expect(
      renderCanned(body, {
        'client.first_name': 'Lucía',
        'agent.name': 'Ana García',
        'agent.team': 'Soporte',
        'conversation.number': '42',
      }),
    ).toBe('Hola Lucía, soy Ana García (Soporte), caso #42.');
  });

  it('renders a known variable without a value as nothing, and keeps an unknown one as written', () => {
    expect(renderCanned('[{{sla.first_response_due}}] {{client.nickname}}', {})).toBe(
      '[] {{client.nickname}}',
    );
  });

  it('lists the variables a body uses once each, and names the unknown ones', () => {
    const body = '{{client.name}} {{client.name}} {{ client.firstname }} {{}} {agent.name}';
    expect(findVariables(body)).toEqual(['client.name', 'client.firstname', '']);
    expect(findUnknownVariables(body)).toEqual(['client.firstname', '']);
    expect(findUnknownVariables(CANNED_VARIABLES.map((v) => `{{${v}}}`).join(' '))).toEqual([]);
  });

  it('takes the given name: the first word, the last one for a Hungarian name', () => {
    expect(firstNameOf('Lucía Fernández', 'es')).toBe('Lucía');
    expect(firstNameOf('Nagy Eszter', 'hu')).toBe('Eszter');
    expect(firstNameOf('  Нұрлан   Әбдіров ', 'kk')).toBe('Нұрлан');
    expect(firstNameOf('', 'en')).toBe('');
  });

  it('writes a due time in the client’s language and the workspace’s time zone', () => {
    const due = new Date('2026-03-02T15:30:00Z');
    expect(formatCannedDate(due, 'en', 'Europe/Madrid')).toMatch(/Mar 2, 2026.*4:30/);
    expect(formatCannedDate(due, 'ru', 'Asia/Almaty')).toMatch(/2026.*20:30/);
    expect(formatCannedDate(due, 'hu', 'Europe/Budapest')).toMatch(/2026.*16:30/);
  });
});
