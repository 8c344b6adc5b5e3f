// The ops token: the dashboard's page token (renderer/shared/page-token.ts) under its own storage key.
import {
  findPageToken,
  forgetPageToken,
  takePageToken,
  type PageTokenFound,
  type TokenStorage,
} from '../shared/page-token';

export const OPS_TOKEN_KEY = 'livebridge.opsToken';

export const findOpsToken = (href: string, storage: TokenStorage | null): PageTokenFound =>
  findPageToken(href, storage, OPS_TOKEN_KEY);
export const forgetOpsToken = (storage: TokenStorage | null): void => forgetPageToken(storage, OPS_TOKEN_KEY);
export const takeOpsToken = (): string | null => takePageToken(OPS_TOKEN_KEY);
