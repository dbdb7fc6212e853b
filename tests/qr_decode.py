"""A small QR decoder for the tests (no zxing or zbar on this machine): read a module matrix back to
its text, so a QR code drawn in the browser can be checked against the URL it should carry.

It reads the format information (level and mask, checked against every valid BCH word), removes the
mask, reads the codewords in the standard placement order, de-interleaves the blocks, recomputes
every block's Reed-Solomon words (segno's tables) and requires them equal, then parses byte-mode
segments. It corrects no errors: a code that needs correcting is a wrong code here."""

from __future__ import annotations

import segno
import segno.consts as consts
import segno.encoder as enc

LEVELS = {consts.ERROR_LEVEL_L: "L", consts.ERROR_LEVEL_M: "M", consts.ERROR_LEVEL_Q: "Q", consts.ERROR_LEVEL_H: "H"}


class NotAQrCode(ValueError):
    pass


def _format_cells(n: int) -> list[tuple[int, int]]:
    cells = [(8, c) for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [(r, 8) for r in (0, 1, 2, 3, 4, 5, 7)]
    return cells + [(8, c) for c in range(n - 8, n)] + [(r, 8) for r in range(n - 7, n)]


def _format(matrix: list[list[bool]], version: int) -> tuple[int, int]:
    n = len(matrix)
    for error in LEVELS:
        for mask in range(8):
            probe = enc.make_matrix(n, n)
            enc.add_format_info(probe, version, error, mask)
            if all(bool(probe[r][c]) == matrix[r][c] for r, c in _format_cells(n)):
                return error, mask
    raise NotAQrCode("no valid format information")


def _data_cells(n: int, version: int) -> list[tuple[int, int]]:
    """Every data module in placement order: two-column strips from the right, up then down."""
    reserved = enc.make_matrix(n, n)
    enc.add_finder_patterns(reserved, n, n)
    enc.add_alignment_patterns(reserved, n, n)
    enc.add_version_info(reserved, version)
    reserved[n - 8][8] = 1  # the dark module
    cells, col, upward = [], n - 1, True
    while col > 0:
        if col == 6:  # the vertical timing pattern
            col -= 1
        for row in range(n - 1, -1, -1) if upward else range(n):
            cells += [(row, c) for c in (col, col - 1) if reserved[row][c] == 0x2]
        upward, col = not upward, col - 2
    return cells


def _blocks(codewords: list[int], infos) -> tuple[list[list[int]], list[list[int]]]:
    sizes = [(info.num_data, info.num_total - info.num_data) for info in infos for _ in range(info.num_blocks)]
    data: list[list[int]] = [[] for _ in sizes]
    ecc: list[list[int]] = [[] for _ in sizes]
    it = iter(codewords)
    for i in range(max(d for d, _ in sizes)):
        for b, (d, _) in enumerate(sizes):
            if i < d:
                data[b].append(next(it))
    for _ in range(sizes[0][1]):
        for b in range(len(sizes)):
            ecc[b].append(next(it))
    return data, ecc


def _parse(data: list[int], version: int) -> bytes:
    bits = "".join(f"{b:08b}" for b in data)
    out, pos = bytearray(), 0
    while pos + 4 <= len(bits):
        mode = bits[pos : pos + 4]
        pos += 4
        if mode == "0000":
            break
        if mode != "0100":
            raise NotAQrCode(f"mode {mode} is not byte mode")
        width = 8 if version < 10 else 16
        count = int(bits[pos : pos + width], 2)
        pos += width
        for _ in range(count):
            out.append(int(bits[pos : pos + 8], 2))
            pos += 8
    return bytes(out)


def decode(matrix: list[list[bool]]) -> tuple[str, int, str]:
    """(text, version, error level letter) of a QR code given as rows of dark (True) modules."""
    n = len(matrix)
    if n < 21 or (n - 17) % 4 or any(len(row) != n for row in matrix):
        raise NotAQrCode(f"{n} rows is no QR code size")
    version = (n - 17) // 4
    error, mask = _format(matrix, version)
    flip = enc.get_data_mask_functions(False)[mask]
    bits = [int(matrix[r][c]) ^ int(bool(flip(r, c))) for r, c in _data_cells(n, version)]
    infos = consts.ECC[version][error]
    total = sum(info.num_blocks * info.num_total for info in infos)
    codewords = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, total * 8, 8)]
    data, ecc = _blocks(codewords, infos)
    buffer = enc.Buffer()
    for block in data:
        for byte in block:
            buffer.append_bits(byte, 8)
    _, expected = enc.make_blocks(infos, buffer)
    if [list(e) for e in expected] != ecc:
        raise NotAQrCode("error correction words do not match the data")
    return _parse([b for block in data for b in block], version).decode("utf-8"), version, LEVELS[error]


def segno_matrix(text: str) -> list[list[bool]]:
    """The matrix of the Python brochure's QR code (render/events.py: error M, no micro)."""
    return [[bool(v) for v in row] for row in segno.make(text, error="m", micro=False).matrix]


def svg_matrix(svg: str, border: int = 2) -> list[list[bool]]:
    """The module matrix of a QR SVG drawn as horizontal runs (segno's form: `M x y.5 h n m dx dy …`,
    optionally under transform="scale(k)"), `border` light modules removed; needs a viewBox."""
    import re

    box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    scale = re.search(r'transform="scale\((\d+)\)"', svg)
    size = int(box[1]) // (int(scale[1]) if scale else 1)
    rows = [[False] * size for _ in range(size)]
    x = y = 0.0
    for cmd, a, b in re.findall(r"([Mmh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?", re.search(r' d="([^"]+)"', svg)[1]):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:
            for i in range(int(a)):
                rows[int(y)][int(x) + i] = True
            x += int(a)
    return [row[border:-border] for row in rows[border:-border]]
