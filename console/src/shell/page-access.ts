import type { Access } from '../auth/permissions.ts';
import { pages, type ConsolePage } from './pages.ts';

/** The pages the admin's roles open, in nav order (a page with no requirement opens for every admin). */
export function pagesFor(access: Access): ConsolePage[] {
  return pages.filter((p) => p.requires.length === 0 || access.can(...p.requires));
}
