import { afterEach, describe, expect, it } from 'vitest';
import { chatCompletion, jsonBody, sendJson, startFakeServer, type FakeServer } from './fake-http-server';
import { OpenAiTranslator } from './openai-translator';
import { RedactingTranslator } from './redacting-translator';

describe('RedactingTranslator', () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends the cloud no phone number or e-mail, and puts them back in the translation', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, chatCompletion(JSON.stringify(['Call ⟦901⟧ or write to ⟦902⟧ for ⟦0⟧.']))),
    );
    const translator = new RedactingTranslator(
      new OpenAiTranslator({ baseUrl: `${server.url}/v1`, apiKey: 'sk-test-0123456789abcdef', model: 'm' }),
    );
    const out = await translator.translate(['有问题打 13812345678 或发邮件 li.na@example.com 问⟦0⟧。'], {
      from: 'zh-CN',
      to: 'en',
    });
    expect(out).toEqual(['Call 13812345678 or write to li.na@example.com for ⟦0⟧.']);
    const sent = JSON.stringify(jsonBody(server.requests[0]!));
    expect(sent).not.toContain('13812345678');
    expect(sent).not.toContain('li.na@example.com');
    expect(sent).toContain('⟦901⟧');
    expect(sent).toContain('⟦0⟧'); // the glossary's own placeholder goes through untouched
  });
});
