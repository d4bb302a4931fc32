"""A source's cells read as the catalog's values, each problem said at its cell: prices,
barcodes (a wrong one left out with a warning, never written), references."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..catalog.values import MAX_REFERENCE_LENGTH, parse_url
from ..errors import shown
from .drafts import VARIANT_KEYS
from .fields import amount_problem, gtin, reference
from .problems import At, Findings

YES = {"yes", "true", "1", "y", "in stock", "in_stock", "oui", "ja", "sí", "si"}
NO = {"no", "false", "0", "n", "out of stock", "out_of_stock", "sold out", "non", "nein"}


def amount(
    text: str,
    at: At,
    label: str,
    findings: Findings,
    parse: Callable[[str], Decimal],
    currency: str,
    example: str,
    product: str | None = None,
    written: str | None = None,
) -> Decimal | None:
    """The amount a cell gives (`text`, of the cell's `written` text), or None having said why
    it is not one."""
    try:
        value = parse(text)
    except ValueError:
        text = written or text
        findings.error(
            f"{label} {shown(text)} is not a price", at, f"write it like {example}", product
        )
        return None
    problem = amount_problem(value, currency)
    if problem:
        findings.error(f"{label} {shown(written or text)} {problem}", at, product=product)
        return None
    return value


def old_price(price: Decimal | None, before: Decimal | None) -> Decimal | None:
    """The price before a reduction: shown only when it is higher than the price."""
    return before if price is not None and before is not None and before > price else None


def barcode(text: str, at: At, label: str, findings: Findings, product: str | None) -> str | None:
    """The EAN-13 or UPC-A a cell gives; a wrong one is left out, with a warning."""
    if not text:
        return None
    code, why = gtin(text)
    if why:
        findings.warn(
            f"{label} {shown(text)} {why}: left out",
            at,
            "correct it in the shop; a wrong barcode is never written to the catalog",
            product,
        )
    return code


def web_address(text: str, at: At, label: str, findings: Findings, product: str) -> str | None:
    """The product's page a cell gives; one a catalog does not take is left out, with a warning."""
    if not text:
        return None
    try:
        return parse_url(text)
    except ValueError as exc:
        findings.warn(
            f"{label} {shown(text)} is not a web address a catalog takes: left out ({exc})",
            at,
            product=product,
        )
        return None


def chosen_reference(text: str, at: At, label: str, findings: Findings) -> str | None:
    """The reference a cell gives, made one a catalog accepts (with a warning) if need be."""
    made, changed = reference(text)
    if not made:
        findings.error(
            f"{label} {shown(text)} cannot be made a reference",
            at,
            "give it letters or digits (A to Z, 0 to 9)",
        )
        return None
    if changed:
        findings.warn(
            f"{label} {shown(text)} is not a reference a catalog accepts: {shown(made)} is "
            "written instead",
            at,
            f"references hold letters A to Z, digits, '.', '-' and '_', at most "
            f"{MAX_REFERENCE_LENGTH} of them",
        )
    return made


def availability(text: str, at: At, label: str, findings: Findings, product: str) -> bool:
    """Whether a cell says in stock (yes when it says nothing)."""
    folded = " ".join(text.lower().split())
    if folded in NO:
        return False
    if folded and folded not in YES:
        findings.warn(
            f"{label} {shown(text)} is neither yes nor no: taken as available",
            at,
            "write yes or no",
            product,
        )
    return True


def attribute_name(name: str, at: At, findings: Findings) -> bool:
    """Whether an attribute's name can be a key of its variants."""
    if name in VARIANT_KEYS:
        findings.error(
            f"an attribute cannot be named {name!r}: a variant's {name} has that key",
            at,
            "rename the option (e.g. with a capital letter)",
        )
        return False
    return True
