"""Refresh the Vietnamese catalogue: makemessages, merge translations, compilemessages.

Translations for new strings may be staged as JSON files in locale/pending/*.json ({msgid: msgstr});
they are merged into locale/vi/LC_MESSAGES/django.po, which stays the source of truth: delete a staged
file once merged, or it will overwrite later edits of the same entries in the .po. Prints the msgids
still untranslated. Run: .venv/bin/python scripts/translate.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def main() -> int:
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "makemessages", "-l", "vi", "--ignore=.venv", "--ignore=var", "--ignore=node_modules",
                    "--ignore=bench", "--no-obsolete"], cwd=ROOT, check=True, capture_output=True)
    staged: dict[str, str] = {}
    for path in sorted((ROOT / "locale" / "pending").glob("*.json")):
        staged.update(json.loads(path.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(PO))
    missing = []
    for entry in catalogue:
        if entry.msgid in staged:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: staged[entry.msgid]}
            else:
                entry.msgstr = staged[entry.msgid]
        if "fuzzy" in entry.flags and entry.msgid in staged:
            entry.flags.remove("fuzzy")
        translated = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
        if not translated or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    catalogue.metadata.update({"Language": "vi", "Plural-Forms": "nplurals=1; plural=0;",
                               "Content-Type": "text/plain; charset=UTF-8"})
    catalogue.save()
    subprocess.run([*manage, "compilemessages", "-l", "vi", "--ignore=.venv"], cwd=ROOT, check=True, capture_output=True)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(catalogue)} entries, {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
