"""The 图表 tab: matplotlib figures from desktop.reports.charts on Qt canvases."""
