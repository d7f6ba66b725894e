import 'element-plus/dist/index.css'
import './style.css'
import ElementPlus from 'element-plus'
import { createApp } from 'vue'
import { onSignedOut } from './api.js'
import App from './App.vue'
import { i18n } from './i18n.js'
import { router } from './router.js'

onSignedOut(() => {
  const here = router.currentRoute.value
  if (here.name !== 'login') router.push({ name: 'login', query: { next: here.fullPath } })
})

createApp(App).use(i18n).use(router).use(ElementPlus).mount('#app')
