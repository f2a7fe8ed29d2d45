"""The police immediate-risk summary (issue 11): where the person is now and who they are with,
weapons, vehicles and risks to officers, as the referrer confirmed them, under their own labels
in both languages; where the person is now starts from the record."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from test_cli import waymark
from vaultkit import ADMIN_PASS, hong, make_vault

from desktop.app.services import Services

DETAILS = {
    "current_location": "Flat 3, 12 Mill Road, Leeds",
    "with_whom": "Two adult men, one known as 'Ky'",
    "weapons": "A knife was seen in Ky's jacket",
    "vehicles": "Silver Ford Focus, AB12 CDE",
    "risks_to_officers": "A dog in the flat; Ky has been violent to police before",
}


def test_the_police_summary_prints_what_officers_need(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    vault, _code = make_vault(folder)
    try:
        s = Services(vault)
        person_id = s.people.register(hong())
        prefilled = s.referrals.prefill(person_id, "en")
    finally:
        vault.close()
    assert prefilled["current_location"] == hong().location  # from the record, to correct
    details = tmp_path / "details.json"
    details.write_text(json.dumps(DETAILS), encoding="utf-8")
    labels = {"en": ("Where the person is now", "Who the person is with",
                     "Weapons known or suspected", "Vehicles (make, colour, registration)",
                     "Risks to officers"),
              "vi": ("Nơi người đó đang ở", "Người đang ở cùng", "Vũ khí đã biết hoặc nghi có",
                     "Phương tiện (loại, màu, biển số)", "Nguy cơ đối với cán bộ")}
    for lang in ("en", "vi"):
        out = tmp_path / f"police-{lang}.pdf"
        done = waymark("export", "--vault", str(folder), "--user", "admin", "--passphrase-stdin",
                       "--person", person_id, "--form", "police-immediate-risk", "--lang", lang,
                       "--details", str(details), "--out", str(out), stdin=ADMIN_PASS + "\n")
        assert done.returncode == 0, done.stderr
        text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"],
                                       capture_output=True, text=True, check=True
                                       ).stdout.split())
        for label, key in zip(labels[lang], DETAILS, strict=True):
            # Each value beside its own label (the first words of the value follow it).
            assert f"{label} {DETAILS[key].split(',')[0]}" in text, (lang, label)
