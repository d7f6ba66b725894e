// One route per page; every page but sign-in needs a session. Pages load on first visit, so
// the first load carries only the shell and the page opened.
import { createRouter, createWebHistory } from 'vue-router'
import { restoreSession, session } from './api.js'

export const PAGES = [
  { path: '/', name: 'map', component: () => import('./pages/MapPage.vue'), menu: 'map' },
  { path: '/grid', name: 'grid', component: () => import('./pages/GridTree.vue'), menu: 'grid' },
  { path: '/gaps', name: 'gaps', component: () => import('./pages/GapsPage.vue'), menu: 'gaps' },
  { path: '/tree/:uid?', name: 'tree', component: () => import('./pages/BusinessTree.vue'), menu: 'tree' },
  { path: '/assessment', name: 'assessment', component: () => import('./pages/AssessmentPage.vue'), menu: 'assessment' },
  { path: '/object/:uid', name: 'object', component: () => import('./pages/ObjectPage.vue') },
  { path: '/person/:uid', name: 'person', component: () => import('./pages/PersonPage.vue') },
  { path: '/labels/:cell', name: 'labels', component: () => import('./pages/LabelSheet.vue') },
  { path: '/report', name: 'report', component: () => import('./pages/ReportPage.vue'), menu: 'report' },
  { path: '/inbox', name: 'inbox', component: () => import('./pages/InboxPage.vue'), menu: 'inbox', roles: ['admin', 'head'] },
  { path: '/risks', name: 'risks', component: () => import('./pages/RiskRegister.vue'), menu: 'risks' },
  { path: '/change/:uid', name: 'change', component: () => import('./pages/ChangePage.vue'), roles: ['admin', 'head'] },
  { path: '/admin', name: 'admin', component: () => import('./pages/AdminPage.vue'), menu: 'admin', roles: ['admin', 'investigator'] },
]

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
    ...PAGES,
    { path: '/:unknown(.*)*', name: 'not-found', component: () => import('./pages/NotFound.vue') },
  ],
})

router.beforeEach(async (to) => {
  if (!session.checked) await restoreSession()
  if (!to.meta.public && !session.user) return { name: 'login', query: { next: to.fullPath } }
  if (to.name === 'login' && session.user) return { name: 'map' }
  return true
})
