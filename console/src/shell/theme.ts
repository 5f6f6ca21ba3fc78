/**
 * The admin center follows the system's colour scheme (`prefers-color-scheme`): Fluent UI's web
 * light or dark theme, switched live when the admin changes it. Windows' contrast themes need
 * nothing here: `forced-colors` makes the browser apply the system colours itself.
 */
import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';

const dark = window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void): () => void {
  dark.addEventListener('change', onChange);
  return () => dark.removeEventListener('change', onChange);
}

export function useSystemTheme(): Theme {
  return useSyncExternalStore(subscribe, () => dark.matches) ? webDarkTheme : webLightTheme;
}
