"""Deterministic zip containers (XLSX, DOCX): fixed timestamps, fixed order, fast assembly."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO


def _dos_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    stamp = max(dt.datetime.fromtimestamp(epoch, dt.UTC), dt.datetime(1980, 1, 1, tzinfo=dt.UTC))
    return stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2


_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def normalize_zip(data: bytes, epoch: int) -> bytes:
    """The same archive with every entry's time, and the document's own dates, set from `epoch`.

    openpyxl stamps the save time into docProps/core.xml (the import template); SOURCE_DATE_EPOCH
    style builds need the data's date there instead.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with FixedZip(out, epoch) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


class FixedZip(zipfile.ZipFile):
    """A zip being written whose every entry gets, as it is written, the fixed time, mode and core
    dates: the one place these are fixed, for normalize_zip and for the workbooks of workbook.py
    (which stream a sheet in: a 25,000-record workbook holds 224 MiB of sheet XML)."""

    def __init__(self, file: IO[bytes], epoch: int) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._time = _dos_time(epoch)
        self._stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def _fixed(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        content = data.encode("utf-8") if isinstance(data, str) else data
        if name == "docProps/core.xml":
            content = _CORE_DATES.sub(rb"\g<1>" + self._stamp + rb"\g<2>", content)
        super().writestr(self._fixed(name), content)

    def stream(self, name: str) -> IO[bytes]:
        """A writable entry, compressed as it is written (a 25,000-record sheet is never held whole)."""
        return self.open(self._fixed(name), "w")


@dataclass(frozen=True)
class Entry:
    name: bytes
    crc: int
    size: int
    data: bytes  # raw deflate stream


def deflate_entry(name: str, content: bytes, level: int = 6) -> Entry:
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = comp.compress(content) + comp.flush()
    return Entry(name.encode("utf-8"), zlib.crc32(content), len(content), data)


def assemble_zip(entries: list[Entry], epoch: int) -> bytes:
    """A zip from prepared entries, so shared parts are compressed once for thousands of files."""
    y, mo, d, h, mi, s = _dos_time(epoch)
    dos_time = (h << 11) | (mi << 5) | (s // 2)
    dos_date = ((y - 1980) << 9) | (mo << 5) | d
    body, central, offset = [], [], 0
    for e in entries:
        local = (
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, 8, dos_time, dos_date, e.crc, len(e.data), e.size, len(e.name), 0)
            + e.name
        )
        body += [local, e.data]
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0x0800,
                8,
                dos_time,
                dos_date,
                e.crc,
                len(e.data),
                e.size,
                len(e.name),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + e.name
        )
        offset += len(local) + len(e.data)
    cd = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(cd), offset, 0)
    return b"".join(body) + cd + end
