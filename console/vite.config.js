// Builds the console into api/static/console/ (committed; CI rebuilds and compares the bytes).
// REDGRID_CONSOLE_OUT builds elsewhere (to compare, or to try a change without touching the
// committed copy).
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const outDir = process.env.REDGRID_CONSOLE_OUT || fileURLToPath(new URL('../api/static/console', import.meta.url))

/** Subresource integrity: every script and stylesheet the page names carries its sha384,
 * computed from the files as written (after every other plugin has had its say). */
function subresourceIntegrity() {
  return {
    name: 'redgrid-sri',
    apply: 'build',
    enforce: 'post',
    writeBundle(options) {
      const page = join(options.dir, 'index.html')
      const digest = (name) => 'sha384-' + createHash('sha384').update(readFileSync(join(options.dir, name))).digest('base64')
      const html = readFileSync(page, 'utf8').replace(
        /<(script|link)([^>]*?) (src|href)="\/console\/(assets\/[^"]+)"([^>]*)>/g,
        (tag, element, before, attribute, name, after) =>
          `<${element}${before} ${attribute}="/console/${name}" integrity="${digest(name)}"${after}>`,
      )
      writeFileSync(page, html)
    },
  }
}

export default defineConfig({
  base: '/console/',
  plugins: [vue(), subresourceIntegrity()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/element-plus') || id.includes('node_modules/@element-plus')) return 'element-plus'
          // The framework every page needs; anything else a page imports (QR codes, the
          // Excel writer) stays in that page's chunk or its lazy import.
          if (/node_modules\/(@vue|vue|vue-router|vue-i18n|@intlify)\//.test(id)) return 'vendor'
        },
      },
    },
  },
})
