export default {
  'zh-CN': {
    menu: '修改密码',
    title: '修改密码',
    current: '当前密码',
    next: '新密码（至少 10 个字符）',
    again: '再次输入新密码',
    submit: '修改',
    tooShort: '新密码至少 10 个字符',
    mismatch: '两次输入的新密码不一致',
    changed: '密码已修改，请用新密码重新登录。',
  },
  en: {
    menu: 'Change password',
    title: 'Change password',
    current: 'Current password',
    next: 'New password (at least 10 characters)',
    again: 'New password again',
    submit: 'Change',
    tooShort: 'The new password needs at least 10 characters',
    mismatch: 'The two new passwords differ',
    changed: 'Password changed: sign in again with the new one.',
  },
}
