/// <reference types="vitest/config" />
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

// Tauri serves ui/dist in production and the dev server on port 1420 in development (`cargo tauri dev`).
// Everything is bundled locally: the app's CSP (`default-src 'self'`) forbids any CDN.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
    // The editor's round-trip test reads the templates the back end ships, where they live.
    fs: { allow: [".", "../src-tauri/crates/core/src/dossier"] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebView2 (Windows) is evergreen; WKWebView follows the macOS Safari version (macOS 12+ ships Safari 15+).
    target: ["es2022", "chrome105", "safari15"],
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
