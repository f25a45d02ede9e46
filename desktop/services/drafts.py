"""Unsaved typing kept on disk, so a crash or a failed save loses nothing (offered back next start).

One small JSON file per database in the user's data folder (not in the database: a draft
is written while the user types and must never wait for, or take, the write lock). Each
draft is the form's fields as plain text/numbers, keyed by what it edits ("new", or
"doc:<id>"). Written to a temporary file and moved into place, so a crash mid-write leaves
the previous draft.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.services import clock


@dataclass(frozen=True)
class Draft:
    key: str  # "new" or "doc:<id>"
    saved_at: dt.datetime
    fields: dict[str, Any]

    @property
    def doc_id(self) -> int | None:
        return int(self.key.split(":", 1)[1]) if self.key.startswith("doc:") else None


class Drafts:
    def __init__(self, folder: Path, db_path: Path) -> None:
        digest = hashlib.sha1(str(Path(db_path).resolve()).encode()).hexdigest()[:16]
        self.db_path = str(db_path)
        self.file = Path(folder) / f"{digest}.json"

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data.get("drafts", {}) if isinstance(data, dict) else {}

    def _write(self, drafts: dict[str, Any]) -> None:
        if not drafts:
            self.file.unlink(missing_ok=True)
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(self.file.name + ".part")
        tmp.write_text(json.dumps({"db": self.db_path, "drafts": drafts}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.file)

    def save(self, key: str, fields: dict[str, Any]) -> None:
        drafts = self._read()
        drafts[key] = {"saved_at": clock.now().isoformat(), "fields": fields}
        self._write(drafts)

    def discard(self, key: str) -> None:
        drafts = self._read()
        if drafts.pop(key, None) is not None:
            self._write(drafts)

    def all(self) -> list[Draft]:
        """Newest first."""
        found = []
        for key, value in self._read().items():
            try:
                found.append(Draft(key, dt.datetime.fromisoformat(value["saved_at"]), dict(value["fields"])))
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry is dropped, never a reason to fail
        return sorted(found, key=lambda d: d.saved_at, reverse=True)
