// Paper documents printed from the browser (考核表, 督办单): `const [sheet, print] = usePrint()`, render
// `sheet`, and `print(<PrintSheet …/>)`. The sheet is rendered outside the app (a portal on <body>); while it
// is up, the print stylesheet (print.css) hides the app and lays the sheet out on A4 with its signature lines.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export function usePrint(): [ReactNode, (sheet: ReactNode) => void] {
  const [sheet, setSheet] = useState<ReactNode>(null);
  useEffect(() => {
    if (!sheet) return;
    document.body.classList.add('printing');
    const done = () => setSheet(null);
    window.addEventListener('afterprint', done);
    // after the portal is painted: the print dialog lays out what is on the page
    const frame = requestAnimationFrame(() => window.print());
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('afterprint', done);
      document.body.classList.remove('printing');
    };
  }, [sheet]);
  const print = useCallback((s: ReactNode) => setSheet(s), []);
  return [sheet ? createPortal(<div className="print-root">{sheet}</div>, document.body) : null, print];
}

export function PrintSheet({
  title,
  meta,
  signatures,
  landscape,
  children,
  testId,
}: {
  title: string;
  /** label and value pairs under the title (unit, period or case number, scheme …) */
  meta: Array<[string, ReactNode]>;
  /** labels of the signature lines at the foot of the sheet */
  signatures: string[];
  /** wide tables: A4 landscape */
  landscape?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <article className={`print-sheet ${landscape ? 'print-sheet--landscape' : ''}`} data-testid={testId}>
      <h1 className="print-sheet__title">{title}</h1>
      <dl className="print-sheet__meta">
        {meta.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="print-sheet__body">{children}</div>
      <div className="print-sheet__signatures">
        {signatures.map((s) => (
          <div key={s} className="print-sheet__sign">
            <span>{s}</span>
            <span className="print-sheet__line" />
          </div>
        ))}
      </div>
    </article>
  );
}
