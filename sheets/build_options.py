"""What a build is asked to do (its options, the locale asked for, the date its PDFs carry), and
whether it is done already: a build of the same options from the same files, whose outputs are
as the last build wrote them, reports what that one did without reading the catalog. Light to
import: `sheets build` of an unchanged catalog loads nothing else (no ReportLab, no layout)."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from .catalog.product_files import product_files
from .errors import Problem, Severity, SheetsError, shown
from .i18n.formats import parse_locale
from .output import STATE_FOLDER, held
from .press.cmyk import DEFAULT_INTENT
from .report import BuildReport
from .uptodate import RECORD, digests, inputs_key, last_report

_LAST_PDF_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC: a PDF date has four digits of year


@dataclass(frozen=True)
class BuildOptions:
    """What to build and for whom; None leaves the choice to the catalog's theme."""

    only: tuple[str, ...] = ()  # just these sheets, no brochure
    locale: str | None = None  # one of the catalog's locales; None: every one it publishes
    sheets_profile: str | None = None  # "screen" unless the theme says otherwise
    brochure_profile: str | None = None  # "print" unless the theme says otherwise
    pdfx: bool | None = None  # the print brochure as PDF/X
    pdfx_version: str | None = None  # "x4" (written here) or "x3" (by Ghostscript); --pdfx too
    icc: Path | None = None  # the output intent's CMYK profile (default: Ghostscript's)
    intent: str = DEFAULT_INTENT  # how RGB goes into that CMYK for PDF/X-4: relative, perceptual
    booklet: bool = False  # pad the brochure with blank pages to a multiple of 4
    impose: str | None = None  # "saddle": also write the imposed booklet
    fresh: bool = False  # draw everything anew, the cache emptied first
    scheduler: str | None = None  # a Dask scheduler's address: the drawing done on its cluster

    def settings(self) -> str:
        """What the outputs depend on, in words: not whether the cache was emptied, nor where
        the drawing was done."""
        return repr(replace(self, fresh=False, scheduler=None))


@dataclass(frozen=True)
class Inputs:
    """What a build reads besides its photos, as it found them before reading."""

    key: str | None  # `inputs_key`: None when a file cannot be read (the build says why)
    sources: dict[str, str | None]  # the catalog's and its products files' SHA-256


@dataclass(frozen=True)
class Asked:
    """A build as asked: its options (the locale as the catalog writes it), its inputs as found
    before reading, and the last build's report when that build was of the same and its outputs
    are untouched (None: there is work to do)."""

    options: BuildOptions
    inputs: Inputs
    done: BuildReport | None


def ask(catalog: Path, out_dir: Path, options: BuildOptions) -> Asked:
    """What a build of `catalog` into `out_dir` with `options` is asked to do, if anything."""
    options = replace(options, locale=asked_locale(options.locale))
    if not _a_file_or_nothing(catalog):  # a pipe is read once, by the check, which refuses it
        return Asked(options, Inputs(None, {}), None)
    sources = [catalog, *product_files(catalog), *filter(None, [options.icc])]
    # Digests before reading: a file changed meanwhile is the next build's.
    inputs = Inputs(inputs_key(sources, options.settings()), digests(sources))
    done = None if options.fresh else _done_already(catalog, out_dir, inputs)
    return Asked(options, inputs, done)


def _a_file_or_nothing(path: Path) -> bool:
    """Whether `path` is a file, or nothing (the check says so): not a folder, a pipe or a
    device, which reading might block on or use up."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


def _done_already(catalog: Path, out_dir: Path, inputs: Inputs) -> BuildReport | None:
    if inputs.key is None or not (out_dir / STATE_FOLDER / RECORD).is_file():
        return None
    with held(out_dir, catalog) as folder:
        record = last_report(folder, inputs.key)
    return None if record is None else BuildReport.from_record(record, out_dir)


def asked_locale(locale: str | None) -> str | None:
    """The locale given with --locale, written as the catalog writes locales (`en-gb` is
    `en_GB`); SheetsError when it is no locale at all."""
    if locale is None:
        return None
    try:
        return str(parse_locale(locale))
    except ValueError:
        raise SheetsError(
            [
                Problem(
                    Severity.ERROR,
                    f"--locale {shown(locale)} is not a locale",
                    hint="give a language and country code such as fr_FR or en_GB",
                )
            ]
        ) from None


def check_date_epoch() -> None:
    """SheetsError when SOURCE_DATE_EPOCH is set to no date PDFs can carry: ReportLab reads it
    deep inside a drawing, where a bad value would end the command with a traceback."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()  # blank: not set, for ReportLab too
    if not value or (re.fullmatch(r"[0-9]+", value) and int(value) <= _LAST_PDF_SECOND):
        return
    message = (
        f"the environment variable SOURCE_DATE_EPOCH is {value!r}: the date reproducible PDFs "
        "carry is a whole number of seconds since 1970-01-01, up to the year 9999"
    )
    hint = (
        "set it to a whole number of seconds such as 1700000000 "
        "(`git log -1 --format=%ct` gives the last commit's), or unset it"
    )
    raise SheetsError([Problem(Severity.ERROR, message, hint=hint)])
