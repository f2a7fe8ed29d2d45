"""Form templates and the generic renderer: listing, validation errors, metadata, invariance."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from test_forms_support import CREATED, EXPORT_ID, ROOT, sample, sample_names

from desktop.printing.forms import (
    InvalidTemplateError,
    UnknownFormError,
    UnsupportedLanguageError,
    forms_for,
    list_forms,
    load_template,
    render,
)

SHIPPED = {
    "england-mash-referral", "nrm-prompt-child", "nrm-prompt-adult", "police-immediate-risk",
    "vn-bien-ban-tiep-nhan", "vn-to-khai", "vn-bien-ban-ban-giao", "disclosure-record",
    "referral-pack", "body-map",
}
CASES = [(info.id, lang, name) for info in list_forms() for lang in info.languages
         for name in sample_names()]


def _render(form_id: str, context: dict, lang: str, **kw: object) -> bytes:
    return render(form_id, context, lang, export_id=EXPORT_ID, created=CREATED, **kw)  # type: ignore[arg-type]


def test_every_shipped_form_is_listed_with_both_languages() -> None:
    forms = {info.id: info for info in list_forms()}
    assert set(forms) >= SHIPPED
    for info in forms.values():
        assert set(info.languages) == {"en", "vi"}
        assert info.titles["en"] and info.titles["vi"]
        assert info.jurisdictions
    assert forms["england-mash-referral"].people == ("child",)
    assert forms["nrm-prompt-adult"].people == ("adult",)
    assert forms["vn-bien-ban-tiep-nhan"].jurisdictions == ("vietnam",)


def test_forms_for_a_jurisdiction_and_person() -> None:
    child_en = {info.id for info in forms_for("england", is_child=True)}
    adult_en = {info.id for info in forms_for("england", is_child=False)}
    adult_vn = {info.id for info in forms_for("vietnam", is_child=False)}
    assert {"england-mash-referral", "nrm-prompt-child", "referral-pack"} <= child_en
    assert "nrm-prompt-adult" not in child_en and "england-mash-referral" not in adult_en
    assert {"nrm-prompt-adult", "police-immediate-risk"} <= adult_en
    assert {"vn-bien-ban-tiep-nhan", "vn-to-khai", "vn-bien-ban-ban-giao"} <= adult_vn
    assert not {"england-mash-referral", "nrm-prompt-adult"} & adult_vn


@pytest.mark.parametrize(("form_id", "lang", "name"), CASES)
def test_every_form_renders_every_sample_in_every_language(form_id: str, lang: str,
                                                           name: str) -> None:
    pdf = _render(form_id, sample(name), lang)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    meta = reader.metadata or {}
    assert meta.get("/Title") == load_template(form_id)["title"][lang]
    assert meta.get("/Author") == "Waymark"


@pytest.mark.parametrize("form_id", sorted(SHIPPED))
def test_an_empty_context_renders_blanks_not_errors(form_id: str) -> None:
    for lang in ("en", "vi"):
        assert _render(form_id, {}, lang).startswith(b"%PDF-")


def test_wrong_shapes_in_the_context_do_not_crash() -> None:
    context = sample("en_child")
    context["person"]["aliases"] = "Kay"  # a string where a list is expected
    context["chronology"] = None
    context["disclosures"][0]["turns"] = ["bare text turn", {"speaker": "person"}]
    context["body_maps"][0]["marks"].append({"n": 3, "view": "side", "x": "?", "y": None})
    context["concerns"][0]["categories"] = {"unexpected": "mapping"}
    context["person"]["display_name"] = "Kayla <b>& \"Jay\" </para> {person.id}"
    context["recipient"] = "<font size=40>MASH</font> & co"
    pdf = _render("referral-pack", context, "en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<font size=40>MASH</font> & co" in text  # printed literally, not as markup
    assert "{person.id}" in text  # a value is never filled in again


def test_huge_values_in_cells_split_across_pages() -> None:
    context = sample("en_child")
    essay = "A very long note that somebody pasted into a short field. " * 250
    context["person"]["notes"] = essay
    context["chronology"][0]["summary"] = essay
    context["disclosures"][0]["turns"][1]["text"] = essay * 2
    pdf = _render("referral-pack", context, "en")
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 10


@pytest.mark.parametrize("name", sample_names())
def test_metadata_names_no_one(name: str) -> None:
    context = sample(name)
    person = context["person"]
    for info in list_forms():
        pdf = _render(info.id, context, info.languages[0])
        reader = PdfReader(io.BytesIO(pdf))
        values = " ".join(str(v) for v in (reader.metadata or {}).values())
        for secret in (person["display_name"], person["family_name"], context["org"]["name"],
                       context["referrer"]["name"]):
            assert secret not in values
        assert "/Metadata" not in reader.trailer["/Root"]  # no XMP packet either
        assert not (reader.metadata or {}).get("/Subject")
        assert not (reader.metadata or {}).get("/Keywords")


@pytest.mark.parametrize(("form_id", "lang", "name"), [
    ("referral-pack", "en", "en_child"), ("vn-bien-ban-tiep-nhan", "vi", "vn_adult_border"),
    ("disclosure-record", "vi", "vn_adult_border"), ("nrm-prompt-adult", "en", "en_adult_nrm"),
])
def test_same_input_same_bytes(form_id: str, lang: str, name: str) -> None:
    first = _render(form_id, sample(name), lang)
    assert _render(form_id, sample(name), lang) == first
    changed = sample(name)
    changed["person"]["display_name"] += " X"
    assert _render(form_id, changed, lang) != first
    assert render(form_id, sample(name), lang, export_id="EXP-OTHER",
                  created=CREATED) != first


@pytest.mark.parametrize("name", sample_names())
def test_police_summary_is_one_page(name: str) -> None:
    for lang in ("en", "vi"):
        pdf = _render("police-immediate-risk", sample(name), lang)
        assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_unknown_form_is_a_clear_error() -> None:
    with pytest.raises(UnknownFormError, match="no-such-form"):
        _render("no-such-form", {}, "en")
    with pytest.raises(UnknownFormError):
        _render("../forms/referral-pack", {}, "en")


def test_unsupported_language(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "forms" / "police-immediate-risk.yaml").read_text("utf-8"))
    data["id"] = "english-only"
    data["languages"] = ["en"]
    (tmp_path / "english-only.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                 encoding="utf-8")
    assert render("english-only", {}, "en", export_id="E", created=CREATED, forms_dir=tmp_path)
    with pytest.raises(UnsupportedLanguageError, match="english-only"):
        render("english-only", {}, "vi", export_id="E", created=CREATED, forms_dir=tmp_path)
    with pytest.raises(UnsupportedLanguageError):
        _render("referral-pack", {}, "fr")


def _write(folder: Path, form_id: str, body: list[dict], **extra: object) -> Path:
    data = {"id": form_id, "version": 1, "title": {"en": "Test form", "vi": "Biểu mẫu thử"},
            "languages": ["en", "vi"], "paper": "A4", "body": body, **extra}
    path = folder / f"{form_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_invalid_template_names_file_and_place(tmp_path: Path) -> None:
    _write(tmp_path, "broken", [
        {"type": "text", "text": {"en": "fine", "vi": "được"}},
        {"type": "fields", "fields": [{"label": {"en": "A", "vi": "A"}, "path": "x y"}]},
    ])
    with pytest.raises(InvalidTemplateError) as caught:
        list_forms(tmp_path)
    message = str(caught.value)
    assert "broken.yaml" in message
    assert "/body/1/fields/0/path" in message
    assert caught.value.where == "/body/1/fields/0/path"


def test_unknown_block_type_and_missing_translation(tmp_path: Path) -> None:
    _write(tmp_path, "badtype", [{"type": "marquee", "text": "hi"}])
    with pytest.raises(InvalidTemplateError, match=r"badtype\.yaml: at /body/0/type"):
        load_template("badtype", tmp_path)
    _write(tmp_path, "halfway", [{"type": "text", "text": {"en": "only English"}}])
    with pytest.raises(InvalidTemplateError, match=r"halfway\.yaml: at /body/0/text: .*vi"):
        load_template("halfway", tmp_path)
    _write(tmp_path, "misnamed", [], id="other-name")
    with pytest.raises(InvalidTemplateError, match="file name"):
        load_template("misnamed", tmp_path)
    (tmp_path / "notyaml.yaml").write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(InvalidTemplateError, match=r"notyaml\.yaml: .*YAML"):
        load_template("notyaml", tmp_path)


def test_missing_fragment_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "wants-fragment", [{"type": "include", "fragment": "nowhere"}])
    with pytest.raises(InvalidTemplateError, match="nowhere"):
        render("wants-fragment", {}, "en", export_id="E", created=CREATED, forms_dir=tmp_path)
    (tmp_path / "fragments").mkdir()
    (tmp_path / "fragments" / "nowhere.yaml").write_text(
        yaml.safe_dump({"fragment": "nowhere", "body": [{"type": "heading"}]}), encoding="utf-8")
    with pytest.raises(InvalidTemplateError, match=r"nowhere\.yaml: at /body/0"):
        list_forms(tmp_path)


def test_a_new_yaml_file_is_listed_and_rendered_without_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "forms" / "fragments", tmp_path / "fragments")
    source = yaml.safe_load((ROOT / "forms" / "england-mash-referral.yaml").read_text("utf-8"))
    source["id"] = "northshire-la-referral"
    source["title"] = {"en": "Northshire children's services referral",
                       "vi": "Phiếu chuyển tuyến Northshire"}
    (tmp_path / "northshire-la-referral.yaml").write_text(
        yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    (tmp_path / "_draft.yaml").write_text("not: [a, form", encoding="utf-8")  # ignored
    monkeypatch.setenv("WAYMARK_FORMS_DIR", str(tmp_path))
    ids = [info.id for info in list_forms()]
    assert ids == ["northshire-la-referral"]
    pdf = _render("northshire-la-referral", sample("en_child"), "en")
    assert PdfReader(io.BytesIO(pdf)).metadata["/Title"] == (
        "Northshire children's services referral")


def test_conditions_and_repeats(tmp_path: Path) -> None:
    _write(tmp_path, "logic", [
        {"type": "text", "when": {"path": "a.flag"}, "text": "FLAG-ON"},
        {"type": "text", "when": {"not": {"path": "a.flag"}}, "text": "FLAG-OFF"},
        {"type": "text", "when": {"path": "a.kind", "equals": "x"}, "text": "KIND-X"},
        {"type": "text", "when": {"path": "a.kind", "in": ["y", "z"]}, "text": "KIND-YZ"},
        {"type": "repeat", "over": "items", "as": "it",
         "body": [{"type": "text", "text": "ROW {loop.n}/{loop.count}={it.v}"}]},
        {"type": "repeat", "over": "none", "body": [{"type": "text", "text": "never"}],
         "empty": "EMPTY-LIST"},
    ])
    from pypdf import PdfReader as Reader

    def text(context: dict) -> str:
        pdf = render("logic", context, "en", export_id="E", created=CREATED,
                     forms_dir=tmp_path)
        return "".join(page.extract_text() for page in Reader(io.BytesIO(pdf)).pages)

    out = text({"a": {"flag": True, "kind": "x"}, "items": [{"v": "α"}, {"v": "β"}]})
    assert "FLAG-ON" in out and "FLAG-OFF" not in out and "KIND-X" in out
    assert "KIND-YZ" not in out and "ROW 1/2=α" in out and "ROW 2/2=β" in out
    assert "EMPTY-LIST" in out and "never" not in out
    out = text({"a": {"flag": False, "kind": "z"}})
    assert "FLAG-OFF" in out and "KIND-YZ" in out and "FLAG-ON" not in out
