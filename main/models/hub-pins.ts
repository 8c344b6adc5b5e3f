// The hub commits the catalog's models are pinned to, with the content sha256 of the files known for them.
//
// None of these values was computed here (the hub cannot be reached from where this was written): each one was
// copied from public code that pins the same repository, and the source is named beside it. Where several
// independent projects pin the same value they agree; sizes they list also match the catalog's estimates.
// A file without a hash here is still checked: against the hub's listing at the pinned commit (which cannot
// change), and from its first download on against the sha256 recorded in models.lock.json (model-pins.ts).
//
// A repository missing from this table has no known commit: the store pins the head of its main branch on
// the first download instead (trust on first use). Never add a commit or a hash that was not read from the
// hub itself or from a source named next to it.

/** A git commit id: 40 lower-case hex digits, never a branch or tag name. */
export type CommitSha = string & { readonly __commitSha: true };
/** A content sha256: 64 lower-case hex digits. */
export type Sha256 = string & { readonly __sha256: true };

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;

export function isCommitSha(value: unknown): value is CommitSha {
  return typeof value === 'string' && HEX40.test(value);
}

export function isSha256(value: unknown): value is Sha256 {
  return typeof value === 'string' && HEX64.test(value);
}

/** Checks a commit id; a branch name ("main") or anything else throws. */
export function commitSha(value: string): CommitSha {
  if (!isCommitSha(value)) throw new Error(`${JSON.stringify(value)} is not a 40-hex commit id`);
  return value;
}

function sha256Map(files: Record<string, string>): Readonly<Record<string, Sha256>> {
  for (const [file, hash] of Object.entries(files)) {
    if (!isSha256(hash)) throw new Error(`${file}: ${JSON.stringify(hash)} is not a sha256`);
  }
  return files as Record<string, Sha256>;
}

export interface HubPin {
  readonly revision: CommitSha;
  /** Content sha256 by repo path (either variant's files) at `revision`. */
  readonly sha256: Readonly<Record<string, Sha256>>;
}

function pin(revision: string, sha256: Record<string, string> = {}): HubPin {
  return { revision: commitSha(revision), sha256: sha256Map(sha256) };
}

// Shared by the three Whisper exports (the same multilingual tokenizer and feature extractor).
const WHISPER_PREPROCESSOR = 'a6a76d28c93edb273669eb9e0b0636a2bddbb1272c3261e47b7ca6dfdbac1b8d';
const WHISPER_TOKENIZER = '27fc476bfe7f17299480be2273fc0608e4d5a99aba2ab5dec5374b4482d1a566';

export const HUB_PINS: Readonly<Record<string, HubPin>> = {
  // Revision and every hash but encoder_model.onnx: github.com/SirGrandmasterr/AlexithymiaLoveQuantifier,
  // Makefile (WHISPER_TINY_REV and the MODEL_MANIFEST rows of its models-fetch target). The same revision and
  // quantized hashes are pinned by several other public projects. encoder_model.onnx (32,904,992 bytes): a
  // public Rust model catalog and a public PowerShell bundling script, both pinned to this revision. No
  // source tied a hash of decoder_model_merged.onnx to this revision: the lock records it.
  'onnx-community/whisper-tiny': pin('ff4177021cc41f7db950912b73ea4fdf7d01d8e7', {
    'config.json': '46aeea0a406afbeb563fc8e59ca10609203df4299af6a83f73752fef369efd2d',
    'generation_config.json': 'f5c67e5a4f7102f8cb4d058bc95da276bbc19eeec997267c3bb0f25ef68facd1',
    'preprocessor_config.json': WHISPER_PREPROCESSOR,
    'tokenizer.json': WHISPER_TOKENIZER,
    'tokenizer_config.json': '2a4c4281cf9f51ac6ccc406fdc711a087afe6530f671fa7b80953edc498275ce',
    'onnx/encoder_model.onnx': '6642befb640f950d4a8cbbd17834d59e7e75f575b81ccf213e06b050623ab1dd',
    'onnx/encoder_model_quantized.onnx': '2af4a414ca47aa30f61246017e5fe82b0a8d229281d1255ba666a2a7f6b84d19',
    'onnx/decoder_model_merged_quantized.onnx':
      '25e807a962b6349356d0ea5d0dfe530b7e5bf0e2a484aeca0359d03143faddd3',
  }),
  // Revision and hashes: a public JS model manifest ("WHISPER_Q8_MANIFESTS" plus full-precision entries, with
  // sizes: encoder 82,468,078 and merged decoder 208,521,528 bytes) and a public Go downloader that fetches
  // https://huggingface.co/onnx-community/whisper-base/resolve/1846881b6b3a3024392c1eea3ad983695bc23925/...
  // with the same sha256s; a public C# catalog pins the same revision with the same fp32 hashes.
  'onnx-community/whisper-base': pin('1846881b6b3a3024392c1eea3ad983695bc23925', {
    'config.json': 'f4d0608f7d918166da7edb3e188de5ef1bfe70d9802e785d271fd88111e9cf4b',
    'generation_config.json': '61070cf8de25b1e9256e8e102ded49d8d24a8369ed36ef84fdf21549e68125a0',
    'preprocessor_config.json': WHISPER_PREPROCESSOR,
    'tokenizer.json': WHISPER_TOKENIZER,
    'tokenizer_config.json': '2e036e4dbacfdeb7242c7d4ec4149f4a16e86026048f94d1637e3a8ee9c6a573',
    'onnx/encoder_model.onnx': 'a9f3b752833b49e880dec91ee5b6d936112be7c3ea07c221024ba493439f46fe',
    'onnx/decoder_model_merged.onnx': '514903744bb1b45803ec571af99b31110491c6f77b0a154825866995fb124b73',
    'onnx/encoder_model_quantized.onnx': '5862993336bf33acd23736071aae2b32261d3b1b2f37780194460d4ef974dd46',
    'onnx/decoder_model_merged_quantized.onnx':
      'fa3ef9902734ce5ae6f9ef2bdb2ba9a6c4b5785b09f4f420ce036573dc9d090b',
  }),
  // The same two sources as whisper-base (encoder 352,825,870 and merged decoder 615,324,301 bytes); a public
  // Rust catalog and a German TypeScript fetcher pin the same revision and encoder_model.onnx hash.
  'onnx-community/whisper-small': pin('36050c46d777d46dc4b5f43f6d90574fc38f8732', {
    'config.json': '457854d452f17661e197d74aee12b8e74fb75ba30ebfaa7426d0d61ea1e08a18',
    'generation_config.json': 'f538b28220c6a6d6f1af1458d4141cacb4ef4963df3de98a19490440c412ddf0',
    'preprocessor_config.json': WHISPER_PREPROCESSOR,
    'tokenizer.json': WHISPER_TOKENIZER,
    'tokenizer_config.json': '2a4c4281cf9f51ac6ccc406fdc711a087afe6530f671fa7b80953edc498275ce',
    'onnx/encoder_model.onnx': 'b37cd6625dc36f9178ec7539a1876b9680ea26a910097e092be39dc766320c7b',
    'onnx/decoder_model_merged.onnx': '6ed5e35feaba79ad2e89b368ddc7b4ddaa3c00b4c37a664375d3428a76fecc6a',
    'onnx/encoder_model_quantized.onnx': 'a43a83f3c5361cd591cfa7c36f14b43cf7cb22f47a415cc14a8d557be800fa92',
    'onnx/decoder_model_merged_quantized.onnx':
      'ec07c3cbb64172c39791e26ee870a65ac22b458c36722bfe2776b3dbf741e0c9',
  }),

  // Opus-MT revisions: github.com/marti-jorda-roca/noentenc, src/noentenc/translation/models/opus_mt.py
  // (OPUS_MT_REVISIONS, "each pinned to a commit"; its src/noentenc/_catalog.py lists the hub's file sizes per
  // repo@revision). Hashes of the quantized exports and small files: a public TypeScript manifest
  // ("verifiedModelManifests", en-zh and zh-en) and a public JS module ("LANGUAGE_PINS", en-es, en-fr, en-de,
  // en-zh), each pinned to the same revision as below; the two agree on en-zh.
  'Xenova/opus-mt-zh-en': pin('39d480d52a9ea3065a1f117adfe4dbc55de10e6f', {
    'config.json': '293d318fce41dbf04114eac45037bb88a32d7c4ee21011a75e24a8b98ca45ad1',
    'generation_config.json': '8dc29fef0fe82109f94ef3c2e6ea6bded3215d357b226c34cf7b4630726766c9',
    'tokenizer.json': 'b306d0301cf280bfd647d7067b5ade2a97b987e6d678df110703c002433643ff',
    'tokenizer_config.json': '08849acc0a539c4749d8665e9d6217735503a97871ccebeea8a762d5fba1acf7',
    'onnx/encoder_model_quantized.onnx': '84d5e171b626bc8b6b220d022ac58696e9528c25deeacca62b5cbf4364547a99',
    'onnx/decoder_model_merged_quantized.onnx':
      'c6b7f04ff1ba0fbd1bf6852599b4c0cad6fe512d57cd887f44ef36cf705424cb',
  }),
  'Xenova/opus-mt-en-zh': pin('046f55aec303cdee3e0318604406d4df20f1e8ea', {
    'config.json': '4727d1229a04f95bf6f39abf949d8080615433d99d6ebd85f81c09edd247d5fa',
    'generation_config.json': 'b743baabb7da4c1a2f19fe558bd6b4c0c7c3b0762fcb5ca7a48fe5a2c2219803',
    'tokenizer.json': 'd0c7da27056e8f42adce9e76d8e792e5daa64e15f5acd2e7aabf0121877dd4c1',
    'tokenizer_config.json': 'a914596e6bff113a8428d4793b586da87cd0b95697a0e72aba90cc1d95858481',
    'onnx/encoder_model_quantized.onnx': 'd3b7912bf6a9bd27e4c074c2df91d4ff3d5b4bc5f7f6c8d7cc9c805c98fbafee',
    'onnx/decoder_model_merged_quantized.onnx':
      '023be4f841f4c47cd65fffcbaa81c0d99d7f7e0138f7ba0e03fa220a4e688aff',
  }),
  'Xenova/opus-mt-es-en': pin('eadfd7c658a9d8929ac3b8e996b68a68e2c7d480'),
  'Xenova/opus-mt-en-es': pin('4b002a4c7edd54a7ced58877258b87f7efd3f892', {
    'config.json': '499eae1f97eeba63172fc884f92fd727ae803b7ceb79c0f653aa4b011152af2f',
    'generation_config.json': 'b743baabb7da4c1a2f19fe558bd6b4c0c7c3b0762fcb5ca7a48fe5a2c2219803',
    'tokenizer.json': '285eb29e7155ee48851a77960797813f86a125f70d2c1a124f613f1fbd2b19c3',
    'tokenizer_config.json': 'dfb00189b823fb0f15464e9c4e68dd8594f5e5ef5f8dc497468a37741e73aa1f',
    'onnx/encoder_model_quantized.onnx': '03434edd1147e6c49e22066e9dc5888235e99cc35a6711d1c4ea5b06455d5da9',
    'onnx/decoder_model_merged_quantized.onnx':
      '58ee5ddd6e22d1693d8722b90c1486afb93700a4376cf28fd74175052ad530ae',
  }),
  'Xenova/opus-mt-ja-en': pin('1a906cfaaf7c8f4193f67f5885c082aa6dbd9d16'),
  'Xenova/opus-mt-ko-en': pin('d9fa1ac6008242100fecb4fff9b0a5917a1be81f'),
  'Xenova/opus-mt-id-en': pin('c38ef36c843b71177da903442835c3c870975fd6'),
  'Xenova/opus-mt-en-id': pin('b3b41f654c2fb3286d007dee1da7b0f47fd27d82'),
  'Xenova/opus-mt-ar-en': pin('09c7556866400dcc53562ba8d7035119e7d9a2c1'),
  'Xenova/opus-mt-en-ar': pin('034a684356c19021a187cda4d7f823298b913921'),
  'Xenova/opus-mt-fr-en': pin('6b166a182780e118c997879d0ad5be4b53671644'),
  'Xenova/opus-mt-en-fr': pin('28726206f80896b90035bd99cccd5cc1e151f916', {
    'config.json': 'b522b73fcc86f77981349c1df2a2e041eed0dbcbea4acf2635019cf21d51ffc0',
    'generation_config.json': 'f9a4824ec78c61b4a95afc43bbb6a9545a44ccf1c01d0963a286e799b9e7b256',
    'tokenizer.json': '8391785c1a2139e7af4678571ccd8dc654ecbb72e4be186940f65d7c604f0246',
    'tokenizer_config.json': 'eb8dfaa142fe03627c8d035415f56c46284b6ee4a16e54c6e8236928ac5a1170',
    'onnx/encoder_model_quantized.onnx': '0a81bdba62f53223740a8c6c6f58e716eba8ea1f92dfa569caf27ed5e3b6a0f7',
    'onnx/decoder_model_merged_quantized.onnx':
      '333b244bce16023df04541c8cf9fd60aec9b0569da393c4b831d561897b0bda8',
  }),
  'Xenova/opus-mt-de-en': pin('399dfd68706739fffd503f876093e455ae268a06'),
  'Xenova/opus-mt-en-de': pin('1ca130c44c4c5441ef16d48aae521a424ab644f7', {
    'config.json': '517955ebf66cd6523f9982851dd41771b74fb2d9c00b4933ba2922ac7a63336f',
    'generation_config.json': 'cd16a899388283889c6e87b903c689ce73430aaa18335415f9d9ea770606538e',
    'tokenizer.json': '8e0fcf45621ea87fa680c7f9969c37a7f819c1f4c7658a2e6e0879b866a14b17',
    'tokenizer_config.json': '4500a1295197174119cf17f9b2e6eab2d5c3a9c64009fb1e37ebd2868bf1161c',
    'onnx/encoder_model_quantized.onnx': '15834b45fabd2dfb8c6c029b3ca3e7289aeefd90ece798ce42bcf548d1bd3b8d',
    'onnx/decoder_model_merged_quantized.onnx':
      '8b46a825964cdd182fe47cc780f0fb87d357eae1f47cf20aa63c1c09be5b510c',
  }),
  'Xenova/opus-mt-es-fr': pin('3bef5f612825d503f6fb85e0527a1fe30f2578c2'),
  'Xenova/opus-mt-fr-es': pin('962338be51033b548c13dbb6f4da3ddb8c8aba0e'),
  'Xenova/opus-mt-de-fr': pin('e783da03d247c4d16778e938530e9b5d7bd1523d'),
  'Xenova/opus-mt-fr-de': pin('7eea1996b4480d073cf560fcba6d4480aaf9a2bb'),
  'Xenova/opus-mt-de-es': pin('d339419ee3bda301bdcd00249d4436b74664ee7e'),
  'Xenova/opus-mt-es-de': pin('7f493e4b81b684478396f37de4c1ebc28ecd5855'),
  // Both from a public TypeScript module pinning every model its app loads ("REVISOES_DOS_MODELOS", read from
  // the hub on 2026-09-24; its other Opus-MT and Whisper revisions are the ones above). en-ROMANCE is pinned
  // to the same commit by five more public projects; ROMANCE-en was found in that one source only.
  'Xenova/opus-mt-en-ROMANCE': pin('9d2ba69ac80c8e8453c3d9a1e2323a0e7b8ca3cd'),
  'Xenova/opus-mt-ROMANCE-en': pin('f60feaabe8bb435a5871e7702b25f53a01e770f8'),
  // No commit was found for Xenova/opus-mt-en-jap (public code only fetches it from resolve/main or
  // "master"): it is pinned by models.lock.json on its first download.
};
