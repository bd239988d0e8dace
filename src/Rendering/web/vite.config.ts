import { defineConfig } from 'vite';

// Relative base so the built files work from any path the C# server mounts them under.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // three.js alone is ~700 kB minified; the warning would be noise in the dotnet build log.
    chunkSizeWarningLimit: 1500,
  },
  logLevel: 'warn',
});
