import type { Language } from '../../../shared/api/common.ts';
import { detectLanguage } from '../../../shared/coach/detect.ts';

/**
 * The language a text is indexed in for search (0030_search.sql): the reply
 * coach's detector's best guess, or null when nothing in the text tells (the
 * text is then indexed word for word). A wrong guess between close
 * languages costs little: the words still match as written.
 */
export function searchLanguageOf(text: string): Language | null {
  return detectLanguage(text).language ?? null;
}
