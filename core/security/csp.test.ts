import { describe, expect, it } from 'vitest';
import { buildCsp, originsFor } from './csp';

describe('Content-Security-Policy', () => {
  it('allows only our own scripts and no inline code, plugins, framing or base rewriting', () => {
    const csp = buildCsp();
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(csp).not.toContain('unsafe-inline');
    // WebAssembly may be compiled (the face tracker), JavaScript may not be eval'd.
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it('lets the page reach its backend over http and websocket, and nothing else', () => {
    const csp = buildCsp({ connect: originsFor('https://live.example.com:8443/path') });
    expect(csp).toContain("connect-src 'self' https://live.example.com:8443 wss://live.example.com:8443;");
  });
});
