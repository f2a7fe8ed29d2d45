"""Referral and record forms: declarative templates in forms/*.yaml, one generic renderer.

    list_forms() -> list[FormInfo]
    forms_for(jurisdiction, is_child=None) -> list[FormInfo]
    render(form_id, context, lang, *, export_id, created, password=None) -> bytes

A template is validated against resources/forms/schema.json; a new file in forms/ is listed and
rendered with no code change (forms/README.md describes the format and the context keys). The
context is a plain dict built from the vault by the caller; any key may be missing, and missing
data prints as a blank to fill in by hand. PDFs are built in memory; the same input gives the
same bytes unless a password is given (AES-256 encryption uses random salts and IVs).

The forms folder is `forms/` beside `resources/`, or $WAYMARK_FORMS_DIR (tests), or the
`forms_dir` argument.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from jsonschema import Draft202012Validator
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from desktop.printing.body_map import body_map_flowables
from desktop.printing.fonts import nfc, register_fonts
from desktop.printing.form_dates import ZONES, format_moment, zone_name
from desktop.printing.form_layout import Renderer, let_tables_split
from desktop.printing.form_pages import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    Furniture,
    numbered_canvas,
    styles,
)
from desktop.printing.form_values import Scope
from desktop.printing.form_words import word
from desktop.printing.pdf_encryption import encrypt_pdf
from desktop.resources import read_yaml, resource, root

LOCALES = ("en", "vi")
PAGE_SIZES = {"A4": A4}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class FormError(Exception):
    """Base of every error this module raises."""


class UnknownFormError(FormError, LookupError):
    def __init__(self, form_id: str) -> None:
        super().__init__(f"no form template with id {form_id!r}")
        self.form_id = form_id


class InvalidTemplateError(FormError, ValueError):
    """A template file that does not match the schema: names the file and where in it."""

    def __init__(self, file: Path, where: str, message: str) -> None:
        super().__init__(f"{file.name}: at {where or '/'}: {message}")
        self.file = file
        self.where = where
        self.detail = message


class UnsupportedLanguageError(FormError, ValueError):
    def __init__(self, form_id: str, lang: str, languages: tuple[str, ...]) -> None:
        super().__init__(f"form {form_id!r} has no {lang!r} version (it has: "
                         f"{', '.join(languages)})")


class NotForJurisdictionError(FormError, ValueError):
    """A form asked for in a vault whose jurisdiction it does not apply to (an England MASH
    referral from a Viet Nam vault): names the form and the vault's jurisdiction."""

    def __init__(self, form_id: str, jurisdiction: str, applies: tuple[str, ...]) -> None:
        super().__init__(f"form {form_id!r} is for {', '.join(applies) or 'no jurisdiction'}; "
                         f"this vault's jurisdiction is {jurisdiction}")
        self.form_id = form_id
        self.jurisdiction = jurisdiction
        self.applies = applies


def require_jurisdiction(template: Mapping[str, Any], jurisdiction: str) -> None:
    """Raise NotForJurisdictionError unless `template` applies to `jurisdiction`."""
    applies = tuple((template.get("applies_to") or {}).get("jurisdictions") or ())
    if jurisdiction not in applies:
        raise NotForJurisdictionError(str(template.get("id", "")), jurisdiction, applies)


@dataclass(frozen=True)
class FormInfo:
    id: str
    version: int
    titles: dict[str, str]
    languages: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    people: tuple[str, ...]  # "child", "adult"
    path: Path


def forms_directory(forms_dir: Path | str | None = None) -> Path:
    if forms_dir is not None:
        return Path(forms_dir)
    override = os.environ.get("WAYMARK_FORMS_DIR")
    return Path(override) if override else root() / "forms"


_schema_lock = threading.Lock()
_validators: dict[str, Any] = {}
_cache: dict[tuple[str, int, int], dict[str, Any]] = {}


def _validator_for(kind: str) -> Any:
    """The schema validator for a "template" or a "fragment" (forms/fragments/*.yaml)."""
    with _schema_lock:
        if not _validators:
            schema = json.loads(resource("forms", "schema.json").read_text(encoding="utf-8"))
            Draft202012Validator.check_schema(schema)
            _validators["template"] = Draft202012Validator(schema)
            _validators["fragment"] = Draft202012Validator(
                {"$defs": schema["$defs"], "$ref": "#/$defs/fragment"})
        return _validators[kind]


def _load(path: Path, kind: str) -> dict[str, Any]:
    """Parse and validate one template or fragment file (cached while the file is unchanged)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    try:
        raw = read_yaml(path)
    except yaml.YAMLError as exc:
        raise InvalidTemplateError(path, "", f"not valid YAML: {exc}") from exc
    errors = sorted(_validator_for(kind).iter_errors(raw),
                    key=lambda e: (len(list(e.absolute_path)), list(map(str, e.absolute_path))))
    if errors:
        deepest = max(errors, key=lambda e: len(list(e.absolute_path)))
        raise InvalidTemplateError(path, _pointer(deepest.absolute_path), deepest.message)
    data: dict[str, Any] = dict(raw)  # the schema guarantees a mapping
    languages = tuple(data.get("languages", LOCALES))
    if kind == "template" and data["id"] != path.stem:
        raise InvalidTemplateError(path, "/id", f"id {data['id']!r} must match the file name")
    _check_locales(path, data, languages, [])
    _cache[key] = data
    return data


def _pointer(parts: Any) -> str:
    return "/" + "/".join(str(p) for p in parts)


def _check_locales(path: Path, node: Any, languages: tuple[str, ...], where: list[Any]) -> None:
    """Every localised text must exist in every language the template declares."""
    if isinstance(node, Mapping):
        keys = set(node)
        if keys and keys <= set(LOCALES) and all(isinstance(v, str) for v in node.values()):
            missing = [lang for lang in languages if lang not in node]
            if missing:
                raise InvalidTemplateError(path, _pointer(where),
                                           f"text has no {', '.join(missing)} version")
            return
        for k, v in node.items():
            _check_locales(path, v, languages, [*where, k])
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _check_locales(path, v, languages, [*where, i])


def _info(data: Mapping[str, Any], path: Path) -> FormInfo:
    applies = data.get("applies_to", {})
    return FormInfo(
        id=data["id"], version=int(data["version"]), titles=dict(data["title"]),
        languages=tuple(data["languages"]),
        jurisdictions=tuple(applies.get("jurisdictions", ())),
        people=tuple(applies.get("people", ("child", "adult"))), path=path)


def list_forms(forms_dir: Path | str | None = None) -> list[FormInfo]:
    """Every template in the forms folder, sorted by id. Raises InvalidTemplateError for a
    file that does not match the schema (a broken form should be fixed, not hidden)."""
    folder = forms_directory(forms_dir)
    infos = [_info(_load(path, "template"), path)
             for path in sorted(folder.glob("*.yaml")) if not path.name.startswith("_")]
    for path in sorted((folder / "fragments").glob("*.yaml")):
        _load(path, "fragment")  # a broken shared fragment should show up here too
    return sorted(infos, key=lambda info: info.id)


def forms_for(jurisdiction: str, *, is_child: bool | None = None,
              forms_dir: Path | str | None = None) -> list[FormInfo]:
    """The forms that apply to a jurisdiction ("england", "vietnam") and, if given, to a
    child or an adult (an age-disputed person should be passed as a child)."""
    kind = None if is_child is None else ("child" if is_child else "adult")
    return [info for info in list_forms(forms_dir) if jurisdiction in info.jurisdictions
            and (kind is None or kind in info.people)]


def load_template(form_id: str, forms_dir: Path | str | None = None) -> dict[str, Any]:
    if not _ID.match(form_id):
        raise UnknownFormError(form_id)
    path = forms_directory(forms_dir) / f"{form_id}.yaml"
    if not path.is_file():
        raise UnknownFormError(form_id)
    return _load(path, "template")


def form_jurisdiction(template: Mapping[str, Any], context: Mapping[str, Any]) -> str | None:
    """Whose date format a form prints in: the form's own jurisdiction when it has only one
    (a MASH referral is English paper, a biên bản Vietnamese), else the vault's."""
    own = (template.get("applies_to") or {}).get("jurisdictions") or []
    if len(own) == 1:
        return str(own[0])
    given = context.get("jurisdiction") or (context.get("org") or {}).get("jurisdiction")
    return str(given) if given else None


def render(form_id: str, context: Mapping[str, Any], lang: str, *, export_id: str,
           created: datetime, password: str | None = None,
           forms_dir: Path | str | None = None) -> bytes:
    """The form filled from `context`, as PDF bytes (never written to disk here).

    `lang` picks the template's labels and static text; values print as recorded. With a
    `password` the PDF is AES-256 encrypted (R6), readable by poppler and qpdf.
    """
    template = load_template(form_id, forms_dir)
    languages = tuple(template["languages"])
    if lang not in languages:
        raise UnsupportedLanguageError(form_id, lang, languages)
    folder = forms_directory(forms_dir)
    register_fonts()
    title = nfc(template["title"][lang])

    marking = word("confidential", lang)
    extra = context.get("marking")
    if isinstance(extra, str) and extra.strip() and extra.strip().upper() != marking:
        marking = f"{marking} — {extra.strip()}"
    jurisdiction = form_jurisdiction(template, context)
    zone = context.get("timezone") or ZONES.get(jurisdiction or "")
    if isinstance(zone, str) and zone and created.tzinfo is not None:
        # The footer in the jurisdiction's local time, like every date on the form.
        created = created.astimezone(ZoneInfo(zone))
    stamp = format_moment(created, jurisdiction, lang, "datetime")
    named = zone_name(created, jurisdiction, lang)
    if named:
        stamp += f" {named}"
    furniture = Furniture(
        marking=nfc(marking),
        page_pattern=word("page", lang),
        export_line=nfc(word("export", lang).format(export_id=export_id, created=stamp)))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=PAGE_SIZES[template.get("paper", "A4")], leftMargin=MARGIN_X,
        rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, invariant=1,
        title=title, author="Waymark", subject="", creator="Waymark", producer="Waymark",
        keywords=[], lang=lang)

    def fragment(name: str) -> list[dict[str, Any]]:
        path = folder / "fragments" / f"{name}.yaml"
        if not _ID.match(name) or not path.is_file():
            raise InvalidTemplateError(folder / f"{form_id}.yaml", "include",
                                       f"no fragment {name!r} in forms/fragments")
        return list(_load(path, "fragment")["body"])

    renderer = Renderer(lang=lang, styles=styles(), width=doc.width - 12, fragments=fragment,
                        body_map=partial(body_map_flowables, jurisdiction=jurisdiction),
                        jurisdiction=jurisdiction)
    scope = Scope(context, {"form": {"export_id": export_id, "created": created.isoformat(),
                                     "lang": lang}})
    story = let_tables_split(renderer.blocks(template["body"], scope))
    doc.build(story, canvasmaker=numbered_canvas(furniture))
    pdf = buffer.getvalue()
    return encrypt_pdf(pdf, password) if password else pdf
