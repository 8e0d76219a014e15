// Subjects as email threading compares them: reply and forward prefixes in
// the languages Rapport's clients write in are stripped.

// Re, Fwd, Fw, AW, WG (de), RV/RE (es), Vá/Továbbítás (hu), Răspuns/Redirecționat (ro),
// Ответ/Отв/Пересл/Fwd (ru, kk), SV/VS (nordic), with "Re[2]:" and "Re(3):" counts.
const PREFIX =
  /^\s*(?:re|fwd?|aw|wg|rv|sv|vs|tr|vá|válasz|továbbítás|răspuns|raspuns|redirecționat|ответ|отв|пересл|переслано|жауап)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/iu;

/** The subject without reply/forward prefixes, "[#123]" tags and extra spaces, lower-cased. */
export function normaliseSubject(subject: string): string {
  let s = subject.replace(/\[#\d+\]/g, ' ');
  for (let i = 0; i < 20; i++) {
    const next = s.replace(PREFIX, '');
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The conversation number a subject names as "[#123]", if any. */
export function numberInSubject(subject: string): number | undefined {
  const m = /\[#(\d{1,9})\]/.exec(subject);
  return m ? Number(m[1]) : undefined;
}
