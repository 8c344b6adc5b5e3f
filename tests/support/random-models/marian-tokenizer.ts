// A Marian-shaped SentencePiece tokenizer in the tokenizer.json layout of the Xenova/opus-mt-* exports: a
// Unigram model with Metaspace pre-tokenizer and decoder, </s> = 0, <unk> = 1 and <pad> last, and "$A </s>"
// as the post-processor. Scores make the caller's `words` win over any split of them.
import { seededRandom } from '../../../core/random/prng';

export interface MarianTokenizerOptions {
  /** The full vocabulary size; omitted: the base pieces, the words and `fillerPieces`. */
  vocabSize?: number;
  fillerPieces?: number;
  words?: readonly string[];
  seed: number;
  sourceLang?: string;
  targetLang?: string;
}

export interface MarianTokenizer {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  vocabSize: number;
  eosId: number;
  unkId: number;
  padId: number;
  /** The whole-word piece ids of `words` (with and without the ▁ word-start mark). */
  wordTokenIds: number[];
}

const SPACE = '\u2581';
const BASE_CHARS = [
  ...'abcdefghijklmnopqrstuvwxyz',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'0123456789',
  ...'.,!?\'"-:;()%&/+*#@',
];
const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiou';

export function buildMarianTokenizer(options: MarianTokenizerOptions): MarianTokenizer {
  const pieces: [string, number][] = [
    ['</s>', 0],
    ['<unk>', 0],
  ];
  const index = new Map<string, number>(pieces.map(([p], i) => [p, i]));
  const add = (piece: string, score: number) => {
    if (piece.length === 0 || index.has(piece)) return index.get(piece);
    index.set(piece, pieces.length);
    pieces.push([piece, score]);
    return pieces.length - 1;
  };
  // Single characters are the fallback that keeps any covered text encodable; they score lowest.
  add(SPACE, -4);
  for (const c of BASE_CHARS) add(c, -12);
  for (const c of 'abcdefghijklmnopqrstuvwxyz') add(SPACE + c, -9);

  const wordIds = new Set<number>();
  for (const word of options.words ?? []) {
    const normalized = word.normalize('NFKC');
    for (const c of normalized.replace(/\s+/g, '')) add(c, -12);
    // A multi-word name is several pieces, as SentencePiece never puts ▁ inside a piece.
    for (const part of normalized.split(/\s+/).filter(Boolean)) {
      for (const piece of [SPACE + part, part]) {
        const id = add(piece, -2);
        if (id !== undefined) wordIds.add(id);
      }
    }
  }

  const fixed = pieces.length + 1; // + <pad>
  const target = options.vocabSize ?? fixed + (options.fillerPieces ?? 64);
  if (target < fixed) throw new Error(`vocabSize ${target} is too small: the base pieces need ${fixed}`);
  const random = seededRandom(options.seed ^ 0x3a71a4);
  const pick = (s: string) => s[Math.floor(random() * s.length)]!;
  let guard = 0;
  while (pieces.length < target - 1) {
    const syllables = 1 + Math.floor(random() * 3);
    let piece = random() < 0.7 ? SPACE : '';
    for (let i = 0; i < syllables; i++) piece += pick(CONSONANTS) + pick(VOWELS);
    if (random() < 0.3) piece += pick(CONSONANTS);
    if (index.has(piece)) {
      if (++guard > 100_000) throw new Error(`Cannot find ${target} distinct pieces`);
      continue;
    }
    // Longer pieces are rarer in a real Unigram model, and score a little lower.
    add(piece, -5 - piece.length * 0.25 - random());
  }
  const padId = add('<pad>', 0)!;

  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const metaspace = { type: 'Metaspace', replacement: SPACE, prepend_scheme: 'always', split: true };
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, '</s>'), special(1, '<unk>'), special(padId, '<pad>')],
    // The real exports carry SentencePiece's precompiled nmt_nfkc map; NFKC is its portable core.
    normalizer: { type: 'NFKC' },
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { Sequence: { id: 'A', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: { '</s>': { id: '</s>', ids: [0], tokens: ['</s>'] } },
    },
    decoder: metaspace,
    model: { type: 'Unigram', unk_id: 1, vocab: pieces, byte_fallback: false },
  };
  const tokenizerConfig = {
    eos_token: '</s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    model_max_length: 512,
    separate_vocabs: false,
    source_lang: options.sourceLang ?? 'en',
    target_lang: options.targetLang ?? 'zh',
    sp_model_kwargs: {},
    tokenizer_class: 'MarianTokenizer',
  };
  return {
    tokenizerJson,
    tokenizerConfig,
    vocabSize: pieces.length,
    eosId: 0,
    unkId: 1,
    padId,
    wordTokenIds: [...wordIds],
  };
}
