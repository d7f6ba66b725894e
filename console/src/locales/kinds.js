export default {
  'zh-CN': {
    Net: '网', Cell: '先锋格', MicroCell: '微格', Person: '人员', Equipment: '设备', Area: '区域',
    WorkItem: '工作事项', Standard: '标准', RiskPoint: '风险点', Hazard: '隐患', Problem: '问题', Duty: '职责',
    RiskList: '风险清单', Process: '流程', DataSource: '数据源', PartnerOrg: '协作单位', TackleTeam: '攻坚队',
    Agreement: '协议', TrainingSession: '培训', Visit: '走访', Assessment: '考核评价',
  },
  en: {
    Net: 'net', Cell: 'cell', MicroCell: 'micro-cell', Person: 'person', Equipment: 'equipment', Area: 'area',
    WorkItem: 'work item', Standard: 'standard', RiskPoint: 'risk point', Hazard: 'hazard', Problem: 'problem', Duty: 'duty',
    RiskList: 'risk list', Process: 'process', DataSource: 'data source', PartnerOrg: 'partner organisation',
    TackleTeam: 'tackle team', Agreement: 'agreement', TrainingSession: 'training session', Visit: 'visit',
    Assessment: 'assessment',
  },
}
