export default {
  'zh-CN': {
    title: '登录网格治理工作台',
    username: '用户名',
    password: '密码',
    submit: '登录',
    required: '请输入用户名和密码',
    firstRun: '首次使用：运行 make run 时终端会打印管理员账号 admin 的一次性密码。',
  },
  en: {
    title: 'Sign in to the grid governance console',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    required: 'Enter your user name and password',
    firstRun: 'First run: make run prints a one-time password for the admin account.',
  },
}
