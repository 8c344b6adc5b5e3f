import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, type PageLocales } from './i18n';
import './styles.css';
import './pitch.css';

/**
 * Renders `app` once i18next is ready with the page's `locales`; a function is called only then (a page root
 * that needs the language).
 */
export async function mount(app: ReactNode | (() => ReactNode), locales: PageLocales): Promise<void> {
  await initI18n(locales);
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing');
  createRoot(container).render(<StrictMode>{typeof app === 'function' ? app() : app}</StrictMode>);
}
