"""A Google Merchant Center feed in XML (RSS 2.0 with the `g:` namespace) read as items, each
field with its line; parsed with defusedxml: a DOCTYPE or an entity is refused."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import InputSource

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser

from .problems import At, Findings

GOOGLE = "http://base.google.com/ns/1.0"
NO_DTD_HINT = (
    "export the feed again without a DOCTYPE; a feed needs no entities (write characters "
    "as themselves, in UTF-8)"
)


@dataclass
class Item:
    """A product of the feed: its fields by name (`id`, `price`…), each value with its place,
    a field given several times (`additional_image_link`) in order."""

    at: At
    fields: dict[str, list[tuple[str, At]]] = field(default_factory=dict)

    def get(self, name: str) -> str:
        values = self.fields.get(name)
        return values[0][0].strip() if values else ""

    def place(self, name: str) -> At:
        values = self.fields.get(name)
        return values[0][1] if values else self.at

    def all(self, name: str) -> list[tuple[str, At]]:
        return self.fields.get(name, [])


@dataclass
class Feed:
    items: list[Item]
    title: str | None = None  # the channel's title: the shop


def read_feed_xml(data: bytes, findings: Findings) -> Feed:
    handler = _FeedHandler()
    parser = create_parser(forbid_dtd=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    source = InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except SAXParseException as exc:
        findings.stop(
            f"the feed is not well-formed XML: {exc.getMessage()}",
            At(exc.getLineNumber(), exc.getColumnNumber() + 1),
            "an '&' in a text is written '&amp;'; names of HTML entities such as &nbsp; are "
            "not XML's"
            if "entity" in exc.getMessage()
            else None,
        )
    except DefusedXmlException as exc:
        what = "a DOCTYPE" if "DTD" in type(exc).__name__ else "an entity declaration"
        findings.stop(
            f"the feed declares {what} ({exc}): refused, as it could make the reader fetch "
            "files or expand text without end",
            At(handler.at().line, None),  # expat is past the declaration by now
            NO_DTD_HINT,
        )
    if handler.root != "rss":
        findings.stop(
            f"not an RSS 2.0 feed: its root element is <{handler.root}>",
            At(1, None),
            "export the feed from Merchant Center as RSS 2.0 XML, or as a TSV file",
        )
    return Feed(handler.items, handler.channel_title)


class _FeedHandler(ContentHandler):
    def __init__(self):
        super().__init__()
        self.locator = None
        self.path: list[str] = []  # the open elements' local names
        self.items: list[Item] = []
        self.item: Item | None = None
        self.text: list[str] = []
        self.field_at = At()
        self.root: str | None = None
        self.channel_title: str | None = None

    def setDocumentLocator(self, locator):
        self.locator = locator

    def at(self) -> At:
        if self.locator is None:
            return At()
        return At(self.locator.getLineNumber(), self.locator.getColumnNumber() + 1)

    def startElementNS(self, name, qname, attrs):
        namespace, local = name
        self.root = self.root or local
        if local == "item" and self.path[-1:] == ["channel"] and namespace is None:
            self.item = Item(self.at())
        self.path.append(local if namespace in (None, GOOGLE) else f"{{{namespace}}}{local}")
        self.text = []
        self.field_at = self.at()

    def endElementNS(self, name, qname):
        local = self.path.pop()
        depth = len(self.path)
        if self.item is not None and local == "item" and self.path[-1:] == ["channel"]:
            self.items.append(self.item)
            self.item = None
        elif self.item is not None and self.path[-1:] == ["item"] and depth == 3:
            self.item.fields.setdefault(local, []).append(("".join(self.text), self.field_at))
        elif local == "title" and self.path == ["rss", "channel"]:
            self.channel_title = " ".join("".join(self.text).split()) or None
        self.text = []

    def characters(self, content):
        self.text.append(content)
