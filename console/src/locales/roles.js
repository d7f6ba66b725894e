export default {
  'zh-CN': { admin: '管理员', planner: '规划人员', investigator: '调查人员', head: '网长/格长', member: '网格成员' },
  en: { admin: 'administrator', planner: 'planner', investigator: 'investigator', head: 'head', member: 'member' },
}
