// A cloud translator that never sees personal data: each text goes out with its phone numbers, e-mail
// addresses, IDs, card numbers, IBANs and street addresses replaced by placeholders, and the originals are
// put back into the translation. The placeholders are the glossary's kind (⟦n⟧, which the translators are
// told to keep), numbered from 901 so they never meet a glossary term's. Every cloud translator the studio
// builds is wrapped in one.
import { redactForCloud } from '../../../core/privacy/personal-data';
import type { CaptionLanguage } from '../../../core/protocol/captions';
import type { TranslateOptions, Translator } from '../engines';

export class RedactingTranslator implements Translator {
  readonly name: string;

  constructor(private readonly inner: Translator) {
    this.name = inner.name;
  }

  supports(from: CaptionLanguage, to: CaptionLanguage): boolean {
    return this.inner.supports(from, to);
  }

  async translate(texts: string[], options: TranslateOptions): Promise<string[]> {
    const redacted = texts.map((text) => redactForCloud(text, (_kind, n) => `⟦${900 + n}⟧`));
    const answers = await this.inner.translate(
      redacted.map((r) => r.text),
      options,
    );
    return answers.map((answer, i) => redacted[i]?.restore(answer) ?? answer);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
