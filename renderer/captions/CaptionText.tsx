// One caption line with its catalog terms (product names, prices) in bold: React text nodes only.
import type { CaptionTerm } from '../../core/protocol/captions';
import { captionSegments } from './caption-text';

export function CaptionText({ text, terms }: { text: string; terms: readonly CaptionTerm[] }) {
  if (terms.length === 0) return <>{text}</>;
  return (
    <>
      {captionSegments(text, terms).map((segment, i) =>
        segment.term ? (
          <strong key={i} className="caption-term" data-term={segment.term}>
            {segment.text}
          </strong>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
