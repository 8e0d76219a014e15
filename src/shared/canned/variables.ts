/**
 * Variables of canned responses ("scripts"): the list the server checks a body
 * against when it is saved, and the renderer both the server (on insert) and
 * the web app (live preview) use, so the two cannot disagree.
 */

export const CANNED_VARIABLES = [
  'client.first_name',
  'client.name',
  'agent.name',
  'agent.first_name',
  'agent.team',
  'conversation.number',
  'conversation.subject',
  'sla.first_response_due',
  'sla.resolution_due',
  'workspace.name',
  'today',
] as const;

export type CannedVariable = (typeof CANNED_VARIABLES)[number];

/** The values of the variables for one conversation; a missing one renders as empty text. */
export type CannedValues = Partial<Record<CannedVariable, string>>;

/** `{{ name }}` with optional spaces; the name is anything up to the closing braces. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function isCannedVariable(name: string): name is CannedVariable {
  return (CANNED_VARIABLES as readonly string[]).includes(name);
}

/** Every variable name the body uses, in order of first use, known or not. */
export function findVariables(body: string): string[] {
  const seen = new Set<string>();
  for (const m of body.matchAll(PLACEHOLDER)) seen.add(m[1]!);
  return [...seen];
}

/** The names in the body that are not variables ("client.firstname", ""), for a save-time error. */
export function findUnknownVariables(body: string): string[] {
  return findVariables(body).filter((name) => !isCannedVariable(name));
}

/** Fills the variables in; an unknown placeholder stays as written so nothing is silently lost. */
export function renderCanned(body: string, values: CannedValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) =>
    isCannedVariable(name) ? (values[name] ?? '') : whole,
  );
}

/**
 * The given name in a full name. Hungarian writes the family name first
 * ("Nagy Eszter"), so for a Hungarian client the given name is the last word.
 */
export function firstNameOf(fullName: string, language: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  return (language === 'hu' ? words[words.length - 1] : words[0])!;
}

/** A due time for the client to read: their language, the workspace's time zone. */
export function formatCannedDate(date: Date, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(date);
}

/** Today's date, long form, in the client's language and the workspace's time zone. */
export function formatCannedDay(date: Date, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(date);
}

/** Example values for the admin screen's preview. */
export const SAMPLE_VALUES: CannedValues = {
  'client.first_name': 'Lucía',
  'client.name': 'Lucía Fernández',
  'agent.name': 'Ana García',
  'agent.first_name': 'Ana',
  'agent.team': 'Soporte',
  'conversation.number': '1042',
  'conversation.subject': 'Pedido 5521',
  'workspace.name': 'Casa Jardín',
};
