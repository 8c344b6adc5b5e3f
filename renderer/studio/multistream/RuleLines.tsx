// A platform's rules in words: what the host must act on as a warning (a forbidden simulcast, a scheme the
// platform refuses), limits as plain notes.
import type { RuleLine } from './multistream-words';

export function RuleLines({ lines }: { lines: RuleLine[] }) {
  return (
    <ul className="multistream-rules">
      {lines.map((l) => (
        <li
          key={l.text}
          className={l.tone === 'warn' ? 'multistream-rule-warn' : 'muted'}
          data-testid={l.tone === 'warn' ? 'multistream-rule-warning' : 'multistream-rule'}
        >
          {l.tone === 'warn' && <strong aria-hidden="true">⚠ </strong>}
          {l.text}
        </li>
      ))}
    </ul>
  );
}
