"""Render resources/icons/movierec.svg to the PNG sizes, a Windows .ico and a macOS .icns.

Uses QtSvg from the project's PySide6 on the offscreen platform, so it needs no other tool:
    .venv/bin/python packaging/render_icons.py
Run it again after editing the SVG; the outputs are committed next to it.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "movierec.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, by pixel size (the @2x types reuse the doubled size).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
              (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512))


def png_name(size: int) -> str:
    return f"movierec-{size}.png"


def render(sizes: set[int]) -> dict[int, bytes]:
    """PNG bytes of the SVG at each size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: cannot read {SVG}")
    out = {}
    for size in sorted(sizes):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG")
        buf.close()
        out[size] = bytes(data)
    return out


def ico(pngs: dict[int, bytes], sizes=ICO_SIZES) -> bytes:
    """A .ico whose images are PNG streams (read by Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(pngs: dict[int, bytes], types=ICNS_TYPES) -> bytes:
    """A .icns whose elements are PNG streams."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in types)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    pngs = render(set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    for size in PNG_SIZES:
        (ICONS / png_name(size)).write_bytes(pngs[size])
    (ICONS / "movierec.ico").write_bytes(ico(pngs))
    (ICONS / "movierec.icns").write_bytes(icns(pngs))
    print(f"render_icons: wrote {len(PNG_SIZES)} PNGs, movierec.ico and movierec.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
