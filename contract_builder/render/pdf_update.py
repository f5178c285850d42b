"""An incremental update of a PDF: the objects it changes or adds, written after the engine's own
bytes with a cross-reference section of their own, as the PDF standard allows (ISO 32000-1, 7.5.6).

Finishing a contract touches a few dozen objects (each page's dictionary, the page-number stamps,
the bookmarks, the catalogue, the document information). Copying the whole file with pypdf's
writer first read and then wrote every object, the fonts' programs included: some 35 ms of a
PDF's wait, against a few here. Everything not changed stays, byte for byte, as the engine wrote it.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
)

from contract_builder.bilingual import Bilingual
from contract_builder.errors import PdfError

_START = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class PdfUpdate:
    """The changes to one PDF; `bytes()` gives the PDF with them."""

    def __init__(self, reader: PdfReader, pdf: bytes) -> None:
        found = _START.search(pdf[-1024:])
        if found is None:
            raise PdfError(Bilingual(zh="PDF 末尾缺少交叉引用位置", en="the PDF does not end with its startxref"))
        self._pdf = pdf
        self._previous = int(found.group(1))
        # An engine that indexes its objects with a cross-reference stream gets one in the update too.
        self._as_stream = not pdf[self._previous : self._previous + 4].startswith(b"xref")
        self._reader = reader
        size = reader.trailer["/Size"]
        assert isinstance(size, int)  # NumberObject
        self._size = int(size)
        self._written: dict[int, PdfObject] = {}
        self._adopted: dict[tuple[int, int], IndirectObject] = {}
        self._root = reader.trailer.raw_get("/Root")
        self.root = self.changed(self._root)
        info = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
        if isinstance(info, IndirectObject):
            self._info, self.info = info, self.changed(info)
        else:
            self.info = DictionaryObject()
            self._info = self.add(self.info)

    def add(self, value: PdfObject) -> IndirectObject:
        """A new object, under the next free number."""
        reference = IndirectObject(self._size, 0, self._reader)
        self._size += 1
        self._written[reference.idnum] = value
        return reference

    def changed(self, reference: IndirectObject) -> DictionaryObject:
        """The object at `reference` to change: a shallow copy, written in its place in the update."""
        if reference.idnum not in self._written:
            original = reference.get_object()
            if not isinstance(original, DictionaryObject):
                raise PdfError(Bilingual(zh="PDF 的对象结构无法识别", en="unexpected object in the PDF"))
            self._written[reference.idnum] = DictionaryObject(original)
        kept = self._written[reference.idnum]
        assert isinstance(kept, DictionaryObject)
        return kept

    def adopt(self, value: PdfObject) -> PdfObject:
        """`value`, from another PDF (the page-number stamps), with whatever it refers to copied
        into this one once: a font shared by twenty stamps is written once."""
        if isinstance(value, IndirectObject):
            key = (id(value.pdf), value.idnum)
            if key not in self._adopted:
                self._adopted[key] = reference = self.add(NullObject())  # numbered before its contents
                target = value.get_object()  # (a stream with no entries is falsy: test for None)
                self._written[reference.idnum] = self.adopt(target if target is not None else NullObject())
            return self._adopted[key]
        if isinstance(value, StreamObject):
            copy = type(value)()
            copy._data = value._data  # noqa: SLF001 - as stored (still compressed): nothing to decode
            copy.update({key: self.adopt(item) for key, item in value.items()})
            return copy
        if isinstance(value, DictionaryObject):
            return DictionaryObject({key: self.adopt(item) for key, item in value.items()})
        if isinstance(value, ArrayObject):
            return ArrayObject(self.adopt(item) for item in value)
        return value  # names, numbers, strings: written as they are

    def bytes(self) -> bytes:
        """The original PDF followed by the update."""
        out = io.BytesIO()
        out.write(self._pdf)
        if not self._pdf.endswith(b"\n"):
            out.write(b"\n")
        offsets: dict[int, int] = {}
        for number in sorted(self._written):
            offsets[number] = out.tell()
            out.write(b"%d 0 obj\n" % number)
            self._written[number].write_to_stream(out)
            out.write(b"\nendobj\n")
        trailer = DictionaryObject(
            {
                NameObject("/Size"): NumberObject(self._size),
                NameObject("/Root"): self._root,
                NameObject("/Info"): self._info,
                NameObject("/Prev"): NumberObject(self._previous),
            }
        )
        if "/ID" in self._reader.trailer:
            trailer[NameObject("/ID")] = self._reader.trailer["/ID"]
        start = out.tell()
        if self._as_stream:
            self._write_xref_stream(out, offsets, trailer)
        else:
            self._write_xref_table(out, offsets, trailer)
        out.write(b"startxref\n%d\n%%%%EOF\n" % start)
        return out.getvalue()

    @staticmethod
    def _write_xref_table(out: io.BytesIO, offsets: dict[int, int], trailer: DictionaryObject) -> None:
        # Object 0, the head of the free list, first: readers in strict mode expect a section to start there.
        out.write(b"xref\n0 1\n0000000000 65535 f \n")
        for first, numbers in _runs(sorted(offsets)):
            out.write(b"%d %d\n" % (first, len(numbers)))
            out.write(b"".join(b"%010d 00000 n \n" % offsets[number] for number in numbers))
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(b"\n")

    def _write_xref_stream(self, out: io.BytesIO, offsets: dict[int, int], trailer: DictionaryObject) -> None:
        # The stream indexes itself too: it is the last new object.
        offsets = {**offsets, self._size: out.tell()}
        xref = StreamObject()
        xref.update(trailer)
        index = ArrayObject([NumberObject(0), NumberObject(1)])  # object 0, as in the table above
        rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
        for first, numbers in _runs(sorted(offsets)):
            index += [NumberObject(first), NumberObject(len(numbers))]
            rows += [b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00" for number in numbers]
        xref.update(
            {
                NameObject("/Type"): NameObject("/XRef"),
                NameObject("/Size"): NumberObject(self._size + 1),
                NameObject("/W"): ArrayObject([NumberObject(1), NumberObject(4), NumberObject(2)]),
                NameObject("/Index"): index,
            }
        )
        xref.set_data(b"".join(rows))
        out.write(b"%d 0 obj\n" % self._size)
        xref.write_to_stream(out)
        out.write(b"\nendobj\n")


def _runs(numbers: list[int]) -> list[tuple[int, list[int]]]:
    """Consecutive object numbers grouped, as a cross-reference section lists them."""
    runs: list[tuple[int, list[int]]] = []
    for number in numbers:
        if runs and runs[-1][1][-1] == number - 1:
            runs[-1][1].append(number)
        else:
            runs.append((number, [number]))
    return runs
