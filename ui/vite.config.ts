// Vite build of the web UI (served from ui/dist by the API server in production).
// JSX goes through Vite's built-in Oxc transform (no React plugin): automatic runtime from 'react'.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // one preact for the form-js editor (it pins an older copy of its own) and the form-js viewer it renders
  // with: two copies break its hooks ("Cannot read properties of undefined (reading 'context')")
  resolve: { dedupe: ['preact'] },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // the lazy modeler chunk (bpmn-js Modeler + properties panel + FEEL editor) is large by nature;
    // the entry chunk stays small, which is what this limit is meant to protect
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      output: {
        // React in its own long-cached chunk (shared by the entry and the lazy pages)
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
  server: {
    port: 5173,
    // the modeler imports the moddle descriptor from engine/model
    fs: { allow: [path.resolve(here, '..')] },
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
});
