// A Whisper-shaped byte-level BPE tokenizer (tokenizer.json in the Hugging Face tokenizers format): the 256
// byte tokens in GPT-2's order (so ids below 256 mean what they mean in the real vocabulary, e.g. 220 is
// 'Ġ', a space), merges that spell the caller's `words` as whole tokens, filler merges up to the vocabulary
// size, then Whisper's special tokens at their real relative positions.
import { seededRandom } from '../../../core/random/prng';

/** Whisper's 99 languages, in token order (<|en|> comes right after <|startoftranscript|>). */
export const WHISPER_LANGUAGES = [
  'en', 'zh', 'de', 'es', 'ru', 'ko', 'fr', 'ja', 'pt', 'tr', 'pl', 'ca', 'nl', 'ar', 'sv', 'it', 'id', 'hi',
  'fi', 'vi', 'he', 'uk', 'el', 'ms', 'cs', 'ro', 'da', 'hu', 'ta', 'no', 'th', 'ur', 'hr', 'bg', 'lt', 'la',
  'mi', 'ml', 'cy', 'sk', 'te', 'fa', 'lv', 'bn', 'sr', 'az', 'sl', 'kn', 'et', 'mk', 'br', 'eu', 'is', 'hy',
  'ne', 'mn', 'bs', 'kk', 'sq', 'sw', 'gl', 'mr', 'pa', 'si', 'km', 'sn', 'yo', 'so', 'af', 'oc', 'ka', 'be',
  'tg', 'sd', 'gu', 'am', 'yi', 'lo', 'uz', 'fo', 'ht', 'ps', 'tk', 'nn', 'mt', 'sa', 'lb', 'my', 'bo', 'tl',
  'mg', 'as', 'tt', 'haw', 'ln', 'ha', 'ba', 'jw', 'su',
] as const; // prettier-ignore

/** Special tokens after the language tokens, in order. */
const TAIL_SPECIALS = [
  '<|translate|>',
  '<|transcribe|>',
  '<|startoflm|>',
  '<|startofprev|>',
  '<|nospeech|>',
  '<|notimestamps|>',
] as const;

/** <|endoftext|>, <|startoftranscript|>, the languages and the tail. */
export const WHISPER_SPECIAL_COUNT = 2 + WHISPER_LANGUAGES.length + TAIL_SPECIALS.length;
/** <|0.00|> to <|30.00|> in 0.02 s steps. */
export const WHISPER_TIMESTAMP_COUNT = 1501;
/** The byte-level BPE split of GPT-2 and Whisper. */
const PRE_TOKENIZE = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** GPT-2's reversible byte -> printable character map, and the byte order of its first 256 ids. */
function byteTable(): { chars: string[]; order: number[] } {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const chars = new Array<string>(256);
  for (const b of printable) chars[b] = String.fromCodePoint(b);
  let n = 0;
  const order = [...printable];
  for (let b = 0; b < 256; b++) {
    if (chars[b] === undefined) {
      chars[b] = String.fromCodePoint(256 + n++);
      order.push(b);
    }
  }
  return { chars, order };
}

const BYTES = byteTable();
const utf8 = new TextEncoder();

/** A pre-token as BPE sees it: its UTF-8 bytes as GPT-2 characters. */
export function byteLevel(text: string): string {
  return Array.from(utf8.encode(text), (b) => BYTES.chars[b]!).join('');
}

export function preTokenize(text: string): string[] {
  return (text.match(PRE_TOKENIZE) ?? []).map(byteLevel);
}

/** Plain rank-ordered BPE over one pre-token; used to check words merge into one token. */
function bpe(word: string, ranks: Map<string, number>): string[] {
  let parts = Array.from(word);
  for (;;) {
    let best = -1;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < parts.length; i++) {
      const rank = ranks.get(`${parts[i]} ${parts[i + 1]}`);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (best < 0) return parts;
    parts = [...parts.slice(0, best), parts[best]! + parts[best + 1]!, ...parts.slice(best + 2)];
  }
}

export interface WhisperTokenizerOptions {
  /** The full vocabulary size; omitted: the byte tokens, the words, `fillerMerges` and the specials. */
  vocabSize?: number;
  /** Filler merges when vocabSize is omitted. */
  fillerMerges?: number;
  /** Timestamp tokens after the specials (default: when vocabSize leaves room for them, as 51865 does). */
  timestamps?: boolean;
  words?: readonly string[];
  seed: number;
}

export interface WhisperTokenizer {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  vocabSize: number;
  /** Ids below this are byte-level BPE tokens; the specials start here (<|endoftext|>). */
  regularCount: number;
  ids: {
    endOfText: number;
    startOfTranscript: number;
    translate: number;
    transcribe: number;
    startOfLm: number;
    startOfPrev: number;
    noSpeech: number;
    noTimestamps: number;
    /** <|0.00|>, or undefined without timestamp tokens. */
    timestampBegin: number | undefined;
  };
  langToId: Record<string, number>;
  /** The whole-word token ids of `words` (each word's pre-tokens, with and without a leading space). */
  wordTokenIds: number[];
  /** Encodes text (no specials) with this vocabulary, as the real tokenizer would. */
  encode(text: string): number[];
}

const LETTERS = 'etaoinshrdlcumwfgypbvkjxqz';
// Rough English letter frequencies, so filler tokens look like word pieces rather than noise.
const LETTER_WEIGHTS = [
  12, 9, 8, 7.5, 7, 6.7, 6.3, 6, 6, 4.3, 2.8, 2.8, 2.8, 2.4, 2.4, 2.2, 2, 2, 1.9, 1.5, 1, 0.8, 0.2, 0.2, 0.1,
  0.1,
];

export function buildWhisperTokenizer(options: WhisperTokenizerOptions): WhisperTokenizer {
  const vocab = new Map<string, number>();
  const tokens: string[] = [];
  const add = (token: string) => {
    if (vocab.has(token)) return vocab.get(token)!;
    vocab.set(token, tokens.length);
    tokens.push(token);
    return tokens.length - 1;
  };
  for (const b of BYTES.order) add(BYTES.chars[b]!);
  const merges: [string, string][] = [];
  const ranks = new Map<string, number>();
  const merge = (a: string, b: string) => {
    // A token may have several merges that make it; only the pair itself must be new.
    const key = `${a} ${b}`;
    if (ranks.has(key)) return;
    ranks.set(key, merges.length);
    merges.push([a, b]);
    add(a + b);
  };

  // Words first: their merges get the lowest ranks, so filler merges added later cannot split them.
  const wordPieces = new Set<string>();
  for (const word of options.words ?? []) {
    for (const variant of word.startsWith(' ') ? [word] : [word, ` ${word}`]) {
      for (const piece of preTokenize(variant)) {
        const chars = Array.from(piece);
        let current = chars[0]!;
        for (const c of chars.slice(1)) {
          merge(current, c);
          current += c;
        }
        wordPieces.add(piece);
      }
    }
  }
  // One word's merges can pre-empt another's chain; finish any word left in pieces with more merges at
  // the end (a merge ranked after all others cannot change words that already merge into one token).
  for (const piece of wordPieces) {
    let parts = bpe(piece, ranks);
    while (parts.length > 1) {
      merge(parts[0]!, parts[1]!);
      parts = bpe(piece, ranks);
    }
  }

  const timestamps =
    options.timestamps ??
    (options.vocabSize !== undefined &&
      options.vocabSize - WHISPER_SPECIAL_COUNT - WHISPER_TIMESTAMP_COUNT >= tokens.length);
  const tailCount = WHISPER_SPECIAL_COUNT + (timestamps ? WHISPER_TIMESTAMP_COUNT : 0);
  const regularCount =
    options.vocabSize !== undefined
      ? options.vocabSize - tailCount
      : tokens.length + (options.fillerMerges ?? 96);
  if (regularCount < tokens.length) {
    throw new Error(
      `vocabSize ${options.vocabSize} is too small: the bytes and words alone need ${tokens.length + tailCount}`,
    );
  }

  // Filler: extend existing word-like tokens by one letter, like the pieces real BPE learns.
  const random = seededRandom(options.seed ^ 0x5eed);
  const totalWeight = LETTER_WEIGHTS.reduce((a, b) => a + b, 0);
  const letter = () => {
    let r = random() * totalWeight;
    for (let i = 0; i < LETTERS.length; i++) {
      r -= LETTER_WEIGHTS[i]!;
      if (r <= 0) return LETTERS[i]!;
    }
    return 'e';
  };
  // Word starts (with the space mark Ġ) and word continuations; most new tokens start a word, so decoded
  // nonsense reads as space-separated pseudo-words.
  const starts: string[] = ['Ġ', 'ĠT', 'ĠA', 'ĠS', 'ĠM', 'ĠC'];
  const middles: string[] = [...LETTERS];
  for (const s of starts) if (s.length > 1) merge(s[0]!, s.slice(1));
  let guard = 0;
  while (tokens.length < regularCount) {
    const pool = random() < 0.6 ? starts : middles;
    const stem = pool[Math.floor(random() * pool.length)]!;
    const c = letter();
    const candidate = stem + c;
    if (candidate.length <= 9 && !vocab.has(candidate)) {
      merge(stem, c);
      pool.push(candidate);
      guard = 0;
    } else if (++guard > 100_000) {
      throw new Error(`Cannot find ${regularCount} distinct filler tokens`);
    }
  }
  tokens.length = Math.min(tokens.length, regularCount);

  const langToId: Record<string, number> = {};
  const specials: string[] = ['<|endoftext|>', '<|startoftranscript|>'];
  for (const lang of WHISPER_LANGUAGES) specials.push(`<|${lang}|>`);
  specials.push(...TAIL_SPECIALS);
  const addedTokens: Record<string, unknown>[] = [];
  const specialIds = new Map<string, number>();
  specials.forEach((content, i) => {
    const id = regularCount + i;
    specialIds.set(content, id);
    addedTokens.push(addedToken(id, content, true));
  });
  WHISPER_LANGUAGES.forEach((lang) => (langToId[`<|${lang}|>`] = specialIds.get(`<|${lang}|>`)!));
  let timestampBegin: number | undefined;
  if (timestamps) {
    timestampBegin = regularCount + specials.length;
    for (let i = 0; i < WHISPER_TIMESTAMP_COUNT; i++) {
      // Timestamps are added tokens but not special in the Hugging Face files: decode keeps them.
      addedTokens.push(addedToken(timestampBegin + i, `<|${(i * 0.02).toFixed(2)}|>`, false));
    }
  }
  const vocabSize = regularCount + specials.length + (timestamps ? WHISPER_TIMESTAMP_COUNT : 0);

  const vocabJson: Record<string, number> = {};
  for (const [token, id] of vocab) if (id < regularCount) vocabJson[token] = id;
  const usedMerges = merges.filter(([a, b]) => (vocab.get(a + b) ?? Infinity) < regularCount);
  const finalRanks = new Map(usedMerges.map(([a, b], rank) => [`${a} ${b}`, rank]));

  const id = (s: string) => specialIds.get(s)!;
  const endOfText = id('<|endoftext|>');
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '<|startoftranscript|>', type_id: 0 } },
        { SpecialToken: { id: '<|notimestamps|>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '<|endoftext|>', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '<|startoftranscript|>', type_id: 0 } },
        { SpecialToken: { id: '<|notimestamps|>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '<|endoftext|>', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['<|startoftranscript|>', '<|notimestamps|>', '<|endoftext|>'].map((t) => [
          t,
          { id: t, ids: [id(t)], tokens: [t] },
        ]),
      ),
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: vocabJson,
      merges: usedMerges.map(([a, b]) => `${a} ${b}`),
    },
  };
  const tokenizerConfig = {
    add_bos_token: false,
    add_prefix_space: false,
    additional_special_tokens: specials.filter((s) => s !== '<|endoftext|>'),
    bos_token: '<|endoftext|>',
    clean_up_tokenization_spaces: true,
    eos_token: '<|endoftext|>',
    errors: 'replace',
    model_max_length: 1024,
    pad_token: '<|endoftext|>',
    processor_class: 'WhisperProcessor',
    return_attention_mask: false,
    tokenizer_class: 'WhisperTokenizer',
    unk_token: '<|endoftext|>',
  };

  const encode = (text: string) =>
    preTokenize(text).flatMap((piece) => bpe(piece, finalRanks).map((p) => vocab.get(p)!));
  const wordTokenIds = [...new Set([...wordPieces].map((p) => vocab.get(p)!))].filter(
    (i) => i < regularCount,
  );

  return {
    tokenizerJson,
    tokenizerConfig,
    vocabSize,
    regularCount,
    ids: {
      endOfText,
      startOfTranscript: id('<|startoftranscript|>'),
      translate: id('<|translate|>'),
      transcribe: id('<|transcribe|>'),
      startOfLm: id('<|startoflm|>'),
      startOfPrev: id('<|startofprev|>'),
      noSpeech: id('<|nospeech|>'),
      noTimestamps: id('<|notimestamps|>'),
      timestampBegin,
    },
    langToId,
    wordTokenIds,
    encode,
  };
}

function addedToken(id: number, content: string, special: boolean): Record<string, unknown> {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special };
}

/**
 * Whisper's suppress_tokens: symbols that are one token (alone or after a space) and would only appear in
 * speaker tags or sound annotations, plus " -" and " '" (as openai/whisper computes them), plus the
 * specials that must never be generated as text.
 */
export function whisperSuppressTokens(tok: WhisperTokenizer): number[] {
  const symbols = [...'"#()*+/:;<=>@[\\]^_`{|}~「」『』'];
  symbols.push(...'<< >> <<< >>> -- --- -( -[ (\' (" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪'.split(' '));
  const miscellaneous = [...'♩♪♫♬♭♮♯'];
  const result = new Set<number>();
  for (const s of [' -', " '"]) {
    const first = tok.encode(s)[0];
    if (first !== undefined) result.add(first);
  }
  for (const symbol of [...symbols, ...miscellaneous]) {
    for (const ids of [tok.encode(symbol), tok.encode(` ${symbol}`)]) {
      if (ids.length === 1 || (miscellaneous.includes(symbol) && ids.length > 0)) result.add(ids[0]!);
    }
  }
  const { ids } = tok;
  for (const special of [
    ids.startOfTranscript,
    ids.translate,
    ids.transcribe,
    ids.startOfLm,
    ids.startOfPrev,
    ids.noSpeech,
  ]) {
    result.add(special);
  }
  return [...result].sort((a, b) => a - b);
}
