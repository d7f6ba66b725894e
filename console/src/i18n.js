// zh-CN first, English on request; the choice is remembered in this browser.
// Each page keeps its words in src/locales/<page>.js as {'zh-CN': {...}, en: {...}}; they are
// merged here under the file's name (locales/grid.js -> t('grid.title')).
import { createI18n } from 'vue-i18n'

const modules = import.meta.glob('./locales/*.js', { eager: true })
const messages = { 'zh-CN': {}, en: {} }
for (const [path, module] of Object.entries(modules)) {
  const name = path.slice('./locales/'.length, -'.js'.length)
  for (const language of Object.keys(messages)) messages[language][name] = module.default[language]
}

export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
]
const STORAGE_KEY = 'redgrid.language'
const stored = globalThis.localStorage?.getItem(STORAGE_KEY)

export const i18n = createI18n({
  legacy: false,
  locale: LANGUAGES.some((l) => l.code === stored) ? stored : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
})

export function setLanguage(code) {
  i18n.global.locale.value = code
  globalThis.localStorage?.setItem(STORAGE_KEY, code)
  document.documentElement.lang = code
}
