import {
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
  type RefObject,
} from 'react';
import type { Finding } from '../../shared/coach/index.ts';

/** The textarea's box and text metrics, which the layer copies so its words fall on the same places. */
function measure(area: HTMLTextAreaElement): CSSProperties {
  const s = getComputedStyle(area);
  const borderTop = parseFloat(s.borderTopWidth) || 0;
  const borderLeft = parseFloat(s.borderLeftWidth) || 0;
  return {
    top: area.offsetTop + borderTop,
    left: area.offsetLeft + borderLeft,
    // The client box: the padding in, the border and a scroll bar out.
    width: area.clientWidth,
    height: area.clientHeight,
    paddingTop: s.paddingTop,
    paddingRight: s.paddingRight,
    paddingBottom: s.paddingBottom,
    paddingLeft: s.paddingLeft,
    fontFamily: s.fontFamily,
    fontSize: s.fontSize,
    fontWeight: s.fontWeight,
    lineHeight: s.lineHeight,
    letterSpacing: s.letterSpacing,
    wordSpacing: s.wordSpacing,
    tabSize: s.tabSize,
    textIndent: s.textIndent,
    textTransform: s.textTransform as CSSProperties['textTransform'],
  };
}

/**
 * Underlines what the coach found, on a layer over the textarea: the same
 * text at the same places, transparent, with only the underlines showing.
 * It is decoration (aria-hidden); the findings list below says the same in words.
 */
export function CoachHighlights({
  textarea,
  text,
  findings,
}: {
  textarea: RefObject<HTMLTextAreaElement | null>;
  text: string;
  findings: readonly Finding[];
}) {
  const layer = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<CSSProperties | null>(null);

  useLayoutEffect(() => {
    const area = textarea.current;
    if (!area) return;
    const update = () => {
      setBox(measure(area));
      if (layer.current) layer.current.scrollTop = area.scrollTop;
    };
    update();
    const sync = () => {
      if (layer.current) layer.current.scrollTop = area.scrollTop;
    };
    const observer = new ResizeObserver(update);
    observer.observe(area);
    area.addEventListener('scroll', sync);
    return () => {
      observer.disconnect();
      area.removeEventListener('scroll', sync);
    };
  }, [textarea]);

  // The text grows or wraps: the textarea may have resized or scrolled.
  useLayoutEffect(() => {
    const area = textarea.current;
    if (area && layer.current) layer.current.scrollTop = area.scrollTop;
  }, [text, textarea]);

  const marks = findings
    .filter((f) => f.end > f.start && f.end <= text.length)
    .sort((a, b) => a.start - b.start);
  if (!box || marks.length === 0) return null;

  const parts: ReactNode[] = [];
  let at = 0;
  for (const f of marks) {
    if (f.start < at) continue; // overlapping findings: the first one is underlined
    parts.push(text.slice(at, f.start));
    parts.push(
      <mark key={`${f.ruleId}:${f.start}`} className={`coach-mark coach-${f.policy}`}>
        {text.slice(f.start, f.end)}
      </mark>,
    );
    at = f.end;
  }
  parts.push(text.slice(at));
  // A final newline takes a line in a textarea but not in a div.
  if (text.endsWith('\n')) parts.push(' ');

  return (
    <div ref={layer} className="coach-highlights" style={box} aria-hidden="true">
      {parts}
    </div>
  );
}
