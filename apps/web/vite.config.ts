import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server (apps/server) listens on :3000 in development; the console is served from the same
// origin in production, so the dev server proxies the API paths to keep the session cookie same-site.
const API = process.env.CIVDEF_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: API, changeOrigin: false },
      '/ogc': { target: API, changeOrigin: false },
      '/tiles': { target: API, changeOrigin: false },
    },
  },
  build: {
    // Two pages: the console, and the public app (/m/), which shares none of the console's bundle (Ant Design, React).
    rollupOptions: { input: { console: 'index.html', public: 'public-app.html' } },
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // maplibre-gl (~1 MB) is split off by the lazily loaded map page; antd's chunk is large by nature.
    chunkSizeWarningLimit: 1500,
  },
});
