# Driftwood 支持中心的站点界面文字（简体中文）。

site-tagline = Driftwood（Kubernetes 备份与恢复 Operator）的帮助与解答。
footer-text = Driftwood 是一个开源项目。内容采用 CC BY 4.0 许可协议。
footer-edit = 改进此页面
