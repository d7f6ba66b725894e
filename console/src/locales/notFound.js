export default {
  'zh-CN': { title: '没有这个页面', home: '回到一张图' },
  en: { title: 'No such page', home: 'Back to the map' },
}
