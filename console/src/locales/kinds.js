export default {
  'zh-CN': {
    Net: '网', Cell: '先锋格', MicroCell: '微格', Person: '人员', Equipment: '设备', Area: '区域',
    WorkItem: '工作事项', Standard: '标准', RiskPoint: '风险点', Hazard: '隐患', Problem: '问题', Duty: '职责',
  },
  en: {
    Net: 'net', Cell: 'cell', MicroCell: 'micro-cell', Person: 'person', Equipment: 'equipment', Area: 'area',
    WorkItem: 'work item', Standard: 'standard', RiskPoint: 'risk point', Hazard: 'hazard', Problem: 'problem', Duty: 'duty',
  },
}
