/** Chinese strings of account administration that the shared file does not hold: role descriptions, temporary passwords. */
export const usersZhCN = {
  usersView: {
    generate: '生成临时密码',
    generated: '已生成临时密码，创建后将显示一次',
    tempTitle: '请记下临时密码',
    tempBody: '用户「{{username}}」的临时密码如下。关闭后不再显示；请当面或电话告知本人，首次登录时须修改。',
    copy: '复制',
    copied: '已复制',
    roleHelp: {
      system_admin: '全部功能，含系统配置与审计日志校验',
      city_admin: '全市范围内的全部业务与用户管理，不含系统配置',
      county_admin: '本县区范围内的全部业务与用户管理',
      works_manager: '人防工程的登记、编辑、导入、生命周期与维护巡检',
      siren_manager: '警报器的登记、维护与遥控',
      duty_officer: '警报器遥控与警报发布',
      planner: '人防规划测算与方案',
      enforcement_officer: '监管执法检查与现场巡检',
      inspector: '查看工程并提交现场巡检（手机）',
      viewer: '只能查看，不能修改',
    },
  },
};
