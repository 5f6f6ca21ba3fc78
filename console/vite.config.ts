/**
 * The admin center's build: `vite build` (run by scripts/build-console.ts, from `npm run build`,
 * `prepare` and `prestart`) writes dist/console/, which Limen serves at /console/
 * (src/admin-center). Hashed file names under assets/ let the server cache them for a year.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [react()],
  // Replaced per response by the server with a fresh nonce (Vite also puts it on a
  // <meta property="csp-nonce"> the app reads for Fluent UI's run-time <style> elements).
  html: { cspNonce: '__LIMEN_CSP_NONCE__' },
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    // Nothing inlined as data: URLs; every asset is a file on Limen's origin.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 800,
  },
});
