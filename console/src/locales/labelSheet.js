export default {
  'zh-CN': {
    title: '{name} · 设备二维码标签',
    count: '共 {count} 台设备',
    print: '打印（A4）',
    back: '返回先锋格',
    empty: '本格没有设备',
    notFound: '未找到该先锋格（不存在或不在您的权限范围内）',
  },
  en: {
    title: '{name} · device QR labels',
    count: '{count} devices',
    print: 'Print (A4)',
    back: 'Back to the cell',
    empty: 'This cell has no devices',
    notFound: 'Cell not found (it does not exist or lies outside your reach)',
  },
}
