"""关于: version, database path, schema version."""
from __future__ import annotations

from desktop import __version__


def about_text(ctx) -> str:
    lines = [f"院办通 {__version__}", "医院办公室收文、发文、值班、督办与统计。"]
    if ctx is not None:
        from desktop.services.about import schema_versions

        versions = schema_versions(ctx.store)
        lines.append(f"数据库：{ctx.path}")
        lines.append(f"架构版本：{versions.current}（程序支持 {versions.supported}）")
    lines.append("字体：文泉驿微米黑（Apache-2.0）")
    return "\n".join(lines)
