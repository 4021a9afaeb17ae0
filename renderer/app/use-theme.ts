/** Applies the theme setting to <html data-theme>; "system" leaves it to prefers-color-scheme. */
import { useEffect } from 'react';
import { useStore } from '../store/index.js';

/** Keeps the document's theme attribute in step with the setting. */
export function useTheme(): void {
  const theme = useStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
