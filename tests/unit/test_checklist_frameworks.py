"""Checklist files: valid against the schema, traceable to a source, bilingual, unique ids."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from desktop.content.checklists.frameworks import FrameworkInvalid, load_all, load_file, parse

MINIMAL = {
    "id": "test-framework", "version": 1,
    "title": {"en": "Test", "vi": "Kiểm tra"},
    "source": {"citation": "a test"}, "applies_to": "child",
    "sections": [{"id": "s1", "title": {"en": "One", "vi": "Một"}, "indicators": [
        {"id": "t.one", "text": {"en": "A sign", "vi": "Một dấu hiệu"},
         "help": {"en": "Ask: tell me about it.", "vi": "Hỏi: hãy kể cho tôi nghe."},
         "applies_to": "child", "severity": "concern", "source": "test §1"}]}],
}


def test_every_shipped_framework_is_valid_and_fully_bilingual() -> None:
    frameworks = load_all()
    for fw in frameworks.values():
        assert fw.citation and fw.indicators(), fw.id
        for ind in fw.indicators():
            for field in (ind.text, ind.help):
                assert field["en"].strip() and field["vi"].strip(), ind.id
                assert unicodedata.is_normalized("NFC", field["vi"]), ind.id
            assert ind.source.strip(), ind.id


def test_indicator_ids_are_unique_across_frameworks() -> None:
    ids = [i.id for fw in load_all().values() for i in fw.indicators()]
    assert len(ids) == len(set(ids))


def test_a_broken_file_is_named_with_the_place_that_is_wrong(tmp_path: Path) -> None:
    bad = dict(MINIMAL, sections=[dict(MINIMAL["sections"][0], indicators=[  # type: ignore[arg-type]
        dict(MINIMAL["sections"][0]["indicators"][0], severity="urgent")])])  # type: ignore[index]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkInvalid) as err:
        load_file(path)
    assert "bad.yaml" in str(err.value) and "severity" in str(err.value)


def test_read_with_libyaml_the_shipped_files_are_what_the_python_reader_gives() -> None:
    from desktop.resources import resource

    for path in sorted(resource("checklists").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.safe_load(text), path.name


def test_without_the_schema_a_file_that_is_not_a_checklist_is_still_refused(
        tmp_path: Path) -> None:
    # `checklists list` skips the JSON Schema; it must still name the file, not crash.
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump({k: v for k, v in MINIMAL.items() if k != "sections"}),
                    encoding="utf-8")
    with pytest.raises(FrameworkInvalid, match="broken.yaml.*checklists validate"):
        load_file(path, check=False)
    with pytest.raises(FrameworkInvalid, match="broken.yaml"):
        load_file(path)


def test_missing_vietnamese_text_is_refused() -> None:
    ind = dict(MINIMAL["sections"][0]["indicators"][0], text={"en": "A sign"})  # type: ignore[index]
    doc = dict(MINIMAL, sections=[dict(MINIMAL["sections"][0], indicators=[ind])])  # type: ignore[arg-type]
    with pytest.raises(FrameworkInvalid, match="vi"):
        parse(doc, "doc")


def test_duplicate_indicator_ids_are_refused() -> None:
    one = MINIMAL["sections"][0]["indicators"][0]  # type: ignore[index]
    doc = dict(MINIMAL, sections=[dict(MINIMAL["sections"][0], indicators=[one, one])])  # type: ignore[arg-type]
    with pytest.raises(FrameworkInvalid, match="used twice"):
        parse(doc, "doc")


def test_text_is_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Dấu hiệu bị bóc lột")
    ind = dict(MINIMAL["sections"][0]["indicators"][0],  # type: ignore[index]
               text={"en": "A sign", "vi": decomposed})
    doc = dict(MINIMAL, sections=[dict(MINIMAL["sections"][0], indicators=[ind])])  # type: ignore[arg-type]
    fw = parse(doc, "doc")
    assert fw.indicator("t.one").text["vi"] == unicodedata.normalize("NFC", decomposed)


def test_seed_004_lists_are_complete() -> None:
    # Every item of seed 004 §5.3 (19), §5.4 (17, one split into offending / weapons), §5.5,
    # and §6.3 (14); the §6.1 rule that a child needs no "means".
    frameworks = {fw.id: fw for fw in load_all().values()}
    ce = frameworks["uk-child-exploitation"]
    counts = {s.id: len(s.indicators) for s in ce.sections}
    assert counts == {"ce.rf": 19, "ce.ind": 18, "ce.send": 1}
    ct = frameworks["uk-child-trafficking"]
    assert sum(len(s.indicators) for s in ct.sections) == 14
    assert all("trafficking" in i.signals for i in ct.indicators())
    assert [r["id"] for r in ct.rules] == ["child_no_means_needed"]
    assert all(i.source.startswith("seed 004 §") for i in (*ce.indicators(), *ct.indicators()))


def test_seed_004_county_lines_and_serious_violence_lists_are_complete() -> None:
    # §7.8 (6), §7.9 (one sentence, split into its 7 kinds of area), §8.1 (6), §8.2 (4);
    # the activity signs of §7.1-7.5 and §4.3 (5).
    fw = {f.id: f for f in load_all().values()}["uk-child-criminal-exploitation"]
    assert {s.id: len(s.indicators) for s in fw.sections} == {
        "cce.cl.rf": 6, "cce.cl.area": 7, "cce.cl.act": 5, "cce.sv.ind": 6, "cce.sv.rf": 4}
    assert all(i.applies_to == "child" for i in fw.indicators())


def test_viet_nam_grounds_are_each_an_indicator_vietnamese_first() -> None:
    # Decree 62/2012/NĐ-CP grounds (commodity; 11 purposes; recruited/transported/harboured)
    # and reception signs from seed 003; the under-18 "no means" rule of Law 53/2024.
    fw = {f.id: f for f in load_all().values()}["vn-victim-identification"]
    assert fw.primary_language == "vi"
    assert {s.id: len(s.indicators) for s in fw.sections} == {
        "vn.commodity": 1, "vn.purpose": 11, "vn.act": 3, "vn.reception": 8}
    assert all("trafficking" in i.signals for i in fw.sections[1].indicators)
    assert any("18" in r["text"]["vi"] for r in fw.rules)


def test_adult_screening_covers_the_six_ilo_dimensions_and_palermo_parts() -> None:
    fw = {f.id: f for f in load_all().values()}["adult-trafficking-screening"]
    assert [s.id for s in fw.sections] == [
        "adult.deceptive_recruitment", "adult.coercive_recruitment",
        "adult.vulnerability_recruitment", "adult.exploitative_conditions",
        "adult.coercion_destination", "adult.vulnerability_destination"]
    signals = {sig for i in fw.indicators() for sig in i.signals}
    assert {"act", "means", "purpose", "trafficking"} <= signals
    assert {r["id"] for r in fw.rules} == {"adult.consent_irrelevant",
                                          "adult.smuggling_vs_trafficking"}
