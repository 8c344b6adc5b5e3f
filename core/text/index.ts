// core/text: one toolkit for reading text, used by the captions glossary, the comment insight (intent
// cues, product links) and the sentiment features, so that a product is matched by the same rules in a
// caption and in a comment.
// - fold.ts: foldText(text) -> { text, start, end }: NFKC, lower case, invisible characters removed,
//   spaces and dashes as one space, with each folded unit's [start, end) in the original text.
// - script.ts: script classes (CLS, classOf) and the word-boundary rule per script (Han, kana and Thai
//   unspaced; Latin, Hangul and the other spaced scripts on word boundaries, Korean particles allowed).
// - phrase-index.ts: PhraseIndex, every phrase occurrence on word boundaries in one pass; selectLongest.
export { foldChar } from './fold-char';
export { codePointBefore, foldKey, foldText, sourceRange, type FoldedText } from './fold';
export { PhraseIndex, selectLongest, type PhraseMatch, type Span } from './phrase-index';
export {
  CLS,
  HANGUL_CHARS,
  UNSPACED_CHARS,
  WORD_END,
  WORD_START,
  charClass,
  classOf,
  isHangulCodePoint,
  isSpacedLetterClass,
  isSpacedWordChar,
  isUnspacedChar,
  isUnspacedClass,
  isUnspacedCodePoint,
  isWordCodePoint,
  type ScriptClass,
} from './script';
