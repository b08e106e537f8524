# sitegen 默认主题的界面文字（简体中文）。

skip-to-content = 跳到正文
menu = 菜单
nav-label = 站点导航
toc-title = 本页内容
breadcrumb-label = 当前位置
home = 首页
pager-label = 上一页和下一页
previous-page = 上一页
next-page = 下一页
language-switcher = 语言
heading-anchor-label = 链接到此小节

not-found-title = 页面未找到
not-found-body = 抱歉，此地址没有页面。它可能已被移动或删除。
back-home = 返回首页

in-this-section = 本节页面
subsections = 子栏目
last-updated = 最后更新于 { $date }

translation-outdated = 此译文可能已过时。
translation-untranslated = 此页面尚未翻译，以下显示原文。
view-original = 查看原文

faq-added = 添加于 { $date }
faq-reviewed = 审核于 { $date }
faq-stale-label = 可能已过时
faq-jump-list = 问题列表
faq-count = 共 { $count } 个问题
faq-stale-count = 其中 { $count } 个可能已过时
faq-open-entry = 在单独页面中打开此解答
faq-category-install = 安装
faq-category-backup = 备份
faq-category-restore = 恢复
faq-category-community = 社区
faq-category-general = 一般问题

redirecting = 正在跳转…
redirect-link = 此页面已移至

# 站点通常会在自己的 i18n/<lang>/*.ftl 中覆盖以下文字。
footer-text = 由 sitegen 生成。
footer-edit = 改进此页面
# 默认为空；设置后首页会在标题下方显示。
site-tagline = { "" }

# 搜索框（search.js）。
search-label = 搜索
search-placeholder = 搜索文档
search-results-label = 搜索结果
search-no-results = 没有找到结果
search-error = 搜索暂时不可用。
site-menu-label = 主菜单
rotation-on-duty = 本周值班：
rotation-nobody = 无人（轮值表已到期）
rotation-past = 以往班次
rotation-shift = 班次
rotation-person = 值班人
rotation-subscribe = 订阅日历（.ics）
rotation-time-zone = 交接时间所在时区
support-level-stable = 稳定
support-level-beta = 测试版
support-level-alpha = 预览版
support-component = 组件
support-level = 支持级别
support-since = 起始版本
support-owner = 负责人
labels-name = 标签
labels-color = 颜色
labels-description = 含义
search-filters-label = 筛选结果
search-all-sections = 全部栏目
search-all-categories = 全部分类
search-all-versions = 所有版本
search-hide-stale = 隐藏可能过时的回答

# 页面时效与审核（`review_after`）；`$ago` 是下列 ago-* 之一。
ago-days = { $count } 天前
ago-months = { $count } 个月前
ago-years = { $count } 年前
page-stale-label = 可能已过时
page-stale-reviewed = 本页上次审核于{ $ago }。
page-stale-updated = 本页上次更新于{ $ago }，此后未经审核。
page-owner = 负责人：{ $owner }
faq-stale-reviewed = 此解答上次核实于{ $ago }，内容可能已过时。
faq-stale-added = 此解答写于{ $ago }，内容可能已过时。

# 版本化文档（[versions]）：版本切换与未发布、已停止支持版本的提示。
version-switcher = 版本
version-development = 本文档适用于尚未发布的 { $version }。
version-unsupported = 本文档适用于 { $version }，该版本已不再受支持。
version-see-latest-page = 查看最新版本 { $latest } 中的此页面
version-see-latest = 查看最新版本 { $latest } 的文档

# 代码块（copy.js）与 GitHub 提示框（`> [!NOTE]`）。
code-copy = 复制
code-copied = 已复制
alert-note = 注意
alert-tip = 提示
alert-important = 重要
alert-warning = 警告
alert-caution = 小心
