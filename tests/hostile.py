"""Hostile files shared by the unit, app and browser tests."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from coverage.export import FORMULA_TRIGGERS

MB = 2**20
GIB = 2**30
SHEET = "xl/worksheets/sheet1.xml"


def formula_leading(text: str) -> bool:
    """A CSV cell a spreadsheet would evaluate: starts with a trigger and is not a number."""
    if not text.startswith(FORMULA_TRIGGERS):
        return False
    try:
        float(text)
    except ValueError:
        return True
    return False


def xlsx_bomb(unpacked: int) -> bytes:
    """A valid workbook whose sheet XML is `unpacked` bytes, mostly one repeated byte."""
    wb = openpyxl.Workbook()
    wb.active.append(["name", "type", "lat", "lon"])
    small = io.BytesIO()
    wb.save(small)
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            b'<c r="A1" t="inlineStr"><is><t>name</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>type</t></is></c></row>')
    tail = b"</sheetData></worksheet>"
    out = io.BytesIO()
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != SHEET:
                dst.writestr(info, src.read(info))
                continue
            with dst.open(SHEET, "w", force_zip64=True) as fh:
                fh.write(head)
                left = unpacked - len(head) - len(tail)
                chunk = b" " * MB
                while left > 0:
                    fh.write(chunk[:left])
                    left -= len(chunk)
                fh.write(tail)
    return out.getvalue()
