"""PDF/X-4 for the press, written directly (no Ghostscript): the finished brochure's RGB turned
into the output profile's CMYK (`cmyk.py`), an output intent embedding that profile, the PDF/X
version in the document info and the XMP metadata, annotations out of the page (links mean
nothing on paper, and PDF/X allows none inside the bleed box). The rest is kept as it is: fonts,
text, TrimBox and BleedBox, transparency (PDF/X-4 allows it), outlines, /Lang,
/ViewerPreferences, the structure tree and the XMP already there.

The file is read with pikepdf (qpdf reads objects as they are asked for) and written object by
object, each under its own number (`render/pdfwriter.py`): a converted photo is on disk once
converted, and a brochure of any length takes the memory of its largest object. An image
shared by many pages is one object, converted once. The same file in gives the same bytes out:
the dates are the document's own (SOURCE_DATE_EPOCH's, when the build was given one), the IDs
digests of its content.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zlib
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from PIL import ImageCms

from ..preflight.content import is_rgb
from ..preflight.ua_structure import element_kids
from ..render.pdfwriter import PdfWriter
from .cmyk import CMYK, DEFAULT_INTENT, CmykConverter, Remembered
from .pdfx import PdfxError

VERSION = "PDF/X-4"
PDF_VERSION = "1.6"
KEPT_ANNOTATIONS = ("/TrapNet", "/PrinterMark")  # the only ones PDF/X allows on the page
_PDFX_INFO = ("/GTS_PDFXVersion", "/Trapped")
_MACHINERY = ("/ObjStm", "/XRef")  # how the source stored its objects: written anew


def convert_to_pdfx4(
    source: Path | bytes,
    out: BinaryIO,
    icc: Path,
    intent: str = DEFAULT_INTENT,
    remembered: Remembered | None = None,
) -> None:
    """Write `source` (a file, or a PDF's bytes) to `out` as PDF/X-4 for the `icc` CMYK
    profile, RGB converted with the rendering `intent` ("relative" or "perceptual"); each
    image's conversion kept by `remembered` if given."""
    converter = CmykConverter(icc, intent, *filter(None, [remembered]))
    opened = pikepdf.open(source if isinstance(source, Path) else io.BytesIO(source))
    with opened as pdf:
        if any(obj.objgen[1] for obj in _objects(pdf)):
            raise PdfxError("the PDF has objects of a generation other than 0: not one of ours")
        dropped = _drop_annotations(pdf)
        old_metadata = pdf.Root.get("/Metadata")
        if isinstance(old_metadata, pikepdf.Stream):
            dropped.add(old_metadata.objgen)  # replaced by the merged metadata
        for obj in _objects(pdf):
            _convert_dictionary(obj, converter)
        _add_output_intent(pdf, icc)
        _add_metadata(pdf)
        _write(pdf, out, converter, dropped)


def _drop_annotations(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """Every annotation but trap networks and printer's marks taken off its page, and out of
    the structure tree; returns the dropped objects' numbers."""
    dropped: set[tuple[int, int]] = set()
    tagged: list[tuple[int, pikepdf.Object]] = []
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if annotations is None:
            continue
        if isinstance(annotations, pikepdf.Array):
            kept = [a for a in annotations if _kept(a)]
            for annotation in (a for a in annotations if not _kept(a)):
                if annotation.is_indirect:
                    dropped.add(annotation.objgen)
                if isinstance(annotation, pikepdf.Dictionary) and "/StructParent" in annotation:
                    tagged.append((int(annotation["/StructParent"]), annotation))
            if kept:
                page.obj["/Annots"] = pikepdf.Array(kept)
                continue
        del page.obj["/Annots"]
    _untag(pdf, tagged)
    return dropped


def _kept(annotation: Any) -> bool:
    return isinstance(annotation, pikepdf.Dictionary) and (
        annotation.get("/Subtype") in KEPT_ANNOTATIONS
    )


def _untag(pdf: pikepdf.Pdf, annotations: list[tuple[int, pikepdf.Object]]) -> None:
    """The structure elements' references to dropped annotations (OBJR) removed, and their
    parent tree entries: a link's element keeps its text, an element left empty goes."""
    root = pdf.Root.get("/StructTreeRoot")
    if not annotations or not isinstance(root, pikepdf.Dictionary) or "/ParentTree" not in root:
        return
    parents = pikepdf.NumberTree(root["/ParentTree"])
    for key, annotation in annotations:
        if key not in parents:
            continue
        element = parents[key]
        del parents[key]
        if isinstance(element, pikepdf.Dictionary):
            _remove_kid(element, lambda kid, a=annotation: _refers_to(kid, a))
            if not element_kids(element) and isinstance(element.get("/P"), pikepdf.Dictionary):
                _remove_kid(element["/P"], lambda kid, e=element: _same(kid, e))


def _remove_kid(element: pikepdf.Dictionary, matches) -> None:
    kept = [kid for kid in element_kids(element) if not matches(kid)]
    if len(kept) == 1:
        element["/K"] = kept[0]
    elif kept:
        element["/K"] = pikepdf.Array(kept)
    elif "/K" in element:
        del element["/K"]


def _refers_to(kid: Any, annotation: pikepdf.Object) -> bool:
    return (
        isinstance(kid, pikepdf.Dictionary)
        and kid.get("/Type") == "/OBJR"
        and _same(kid.get("/Obj"), annotation)
    )


def _same(a: Any, b: Any) -> bool:
    return (
        isinstance(a, pikepdf.Object) and a.is_indirect and b.is_indirect and a.objgen == b.objgen
    )


def _convert_dictionary(obj: pikepdf.Object, converter: CmykConverter) -> None:
    """What lives in dictionaries (read whole into memory anyway): transparency groups blended
    in RGB and RGB shadings, changed in place."""
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return
    group = obj.get("/Group")
    if isinstance(group, pikepdf.Dictionary) and is_rgb(group.get("/CS"), None):
        group["/CS"] = CMYK
    for shading in _shadings(obj):
        converter.shading(shading)


def _shadings(obj: pikepdf.Object) -> list[pikepdf.Object]:
    """The shadings of an object: itself, or those of resources or shading patterns it holds
    directly (an indirect one is an object of its own, met in turn)."""
    if "/ShadingType" in obj:
        return [obj]
    found = []
    for resources in (obj, obj.get("/Resources")):
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        shadings = resources.get("/Shading")
        if isinstance(shadings, pikepdf.Dictionary):
            found += [s for s in shadings.values() if isinstance(s, pikepdf.Dictionary)]
        patterns = resources.get("/Pattern")
        if isinstance(patterns, pikepdf.Dictionary):
            found += [
                p["/Shading"]
                for p in patterns.values()
                if isinstance(p, pikepdf.Dictionary | pikepdf.Stream)
                and isinstance(p.get("/Shading"), pikepdf.Dictionary | pikepdf.Stream)
            ]
    return [s for s in found if "/ShadingType" in s]


def _add_output_intent(pdf: pikepdf.Pdf, icc: Path) -> None:
    """The printing condition the CMYK is for, its profile embedded (PDF/X's one output
    intent; any other kind, PDF/A's, kept after it)."""
    data = icc.read_bytes()
    profile = pdf.make_stream(b"")
    profile.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
    profile["/N"] = 4
    described = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(data)))
    condition = described.strip() or icc.stem
    intent = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier=pikepdf.String(icc.stem),
            OutputCondition=pikepdf.String(condition),
            Info=pikepdf.String(condition),
            RegistryName=pikepdf.String("http://www.color.org"),
            DestOutputProfile=profile,
        )
    )
    others = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") != "/GTS_PDFX"]
    pdf.Root["/OutputIntents"] = pikepdf.Array([intent, *others])


def _add_metadata(pdf: pikepdf.Pdf) -> None:
    """The version, dates and trapping in the document info, and the same in the XMP
    metadata, merged into what is there (a tagged PDF's `pdfuaid:part` stays)."""
    info = pdf.docinfo
    date = info.get("/ModDate") or info.get("/CreationDate")
    if date is not None:
        info["/ModDate"] = date
        if "/CreationDate" not in info:
            info["/CreationDate"] = date
    info["/GTS_PDFXVersion"] = pikepdf.String(VERSION)
    if info.get("/Trapped") not in ("/True", "/False"):
        info["/Trapped"] = pikepdf.Name("/False")  # PDF/X wants to know: no trapping done
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        # What the XMP has a name for: the PDF/X keys are set under their own below.
        metadata.load_from_docinfo({k: v for k, v in info.items() if k not in _PDFX_INFO})
        metadata["pdfxid:GTS_PDFXVersion"] = VERSION
        metadata["pdf:Trapped"] = str(info["/Trapped"])[1:]
        if "xmp:ModifyDate" in metadata:
            metadata["xmp:MetadataDate"] = metadata["xmp:ModifyDate"]
        metadata["xmpMM:DocumentID"] = f"uuid:{_document_uuid(pdf)}"
        metadata["xmpMM:VersionID"] = "1"
        metadata["xmpMM:RenditionClass"] = "default"


def _document_uuid(pdf: pikepdf.Pdf) -> uuid.UUID:
    """The same for the same document: from its file ID, else its title and date."""
    identity = pdf.trailer.get("/ID")
    if isinstance(identity, pikepdf.Array) and len(identity):
        seed = bytes(identity[0])
    else:
        seed = repr([str(pdf.docinfo.get(k, "")) for k in ("/Title", "/CreationDate")]).encode()
    return uuid.UUID(bytes=hashlib.md5(seed).digest(), version=4)


def _write(
    pdf: pikepdf.Pdf, out: BinaryIO, converter: CmykConverter, dropped: set[tuple[int, int]]
) -> None:
    """Every object under its own number, streams converted as they are written."""
    pages = _page_contents(pdf)
    objects = {obj.objgen[0]: obj for obj in _objects(pdf)}
    writer = PdfWriter(out, PDF_VERSION)
    for _ in range(max(objects)):
        writer.allocate()
    for number in range(1, max(objects) + 1):
        obj = objects.get(number)
        if obj is None or obj.objgen in dropped or _machinery(obj):
            writer.write(number, b"null")  # nothing refers to it any more
        elif isinstance(obj, pikepdf.Stream):
            writer.write(number, *_stream(obj, pages.get(obj.objgen), converter))
        else:
            writer.write(number, obj.unparse(resolved=True))
    info = pdf.trailer.get("/Info")
    writer.finish(pdf.Root.objgen[0], info.objgen[0] if info is not None else None)


def _page_contents(pdf: pikepdf.Pdf) -> dict[tuple[int, int], pikepdf.Object]:
    """Each page's content streams, with the resources they draw with."""
    found = {}
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        resources = page.obj.get("/Resources") or page.Resources  # inherited, if need be
        for stream in streams:
            if isinstance(stream, pikepdf.Stream):
                found.setdefault(stream.objgen, resources)
    return found


def _stream(
    stream: pikepdf.Stream, page_resources: Any, converter: CmykConverter
) -> tuple[bytes, bytes]:
    """A stream's dictionary and data, in CMYK when it is an RGB image or sets RGB colours."""
    fields: dict | None = None
    if stream.get("/Subtype") == "/Image":
        converted = converter.image(stream)
        if converted is not None:
            fields, data = dict(converted[0].items()), converted[1]
    else:
        drawing = stream.get("/Subtype") == "/Form" or stream.get("/PatternType") == 1
        resources = stream.get("/Resources") if drawing else page_resources
        content = converter.content(stream, resources) if drawing or page_resources else None
        if content is not None:
            skipped = ("/Length", "/Filter", "/DecodeParms")
            fields = {k: v for k, v in stream.items() if k not in skipped}
            fields["/Filter"] = pikepdf.Name.FlateDecode
            data = zlib.compress(content)
    if fields is None:
        fields = {k: v for k, v in stream.items() if k != "/Length"}
        data = stream.read_raw_bytes()
    dictionary = pikepdf.Dictionary(fields)
    dictionary["/Length"] = len(data)
    return dictionary.unparse(), data


def _objects(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    """The file's objects (its null ones, which pikepdf gives as None, left out)."""
    return [obj for obj in pdf.objects if isinstance(obj, pikepdf.Object)]


def _machinery(obj: pikepdf.Object) -> bool:
    return isinstance(obj, pikepdf.Stream) and obj.get("/Type") in _MACHINERY
