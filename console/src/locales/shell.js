export default {
  'zh-CN': {
    title: '网格治理工作台',
    search: '搜索：名称、工号、位号…',
    signOut: '退出',
    openMenu: '打开菜单',
    language: '语言',
    loading: '加载中…',
    failed: '加载失败：{message}',
    none: '无',
    menu: {
      map: '一张图', grid: '网格树', gaps: '覆盖缺口', tree: '业务树', assessment: '月度考核',
      report: '网上直通车', inbox: '待办', risks: '风险与隐患', admin: '管理',
    },
  },
  en: {
    title: 'Grid governance console',
    search: 'Search: name, employee no., tag…',
    signOut: 'Sign out',
    openMenu: 'Open the menu',
    language: 'Language',
    loading: 'Loading…',
    failed: 'Could not load: {message}',
    none: 'none',
    menu: {
      map: 'Map', grid: 'Grid tree', gaps: 'Coverage gaps', tree: 'Business tree', assessment: 'Monthly assessment',
      report: 'Report a problem', inbox: 'Inbox', risks: 'Risks and hazards', admin: 'Administration',
    },
  },
}
